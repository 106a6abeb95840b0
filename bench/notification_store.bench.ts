// Question: does the notification store stay cheap under a burst (an error loop adding the same
// notification thousands of times, or many different ones queueing)?
import { bench, describe } from "vitest";
import { NotificationStore } from "../src/services/notification/notification_store";
import { resolveNotificationConfig } from "../src/services/notification/notification_options";

describe("notification store", () => {
  bench("add the same notification 10,000 times (deduplicated)", () => {
    const store = new NotificationStore(resolveNotificationConfig());
    store.attach();
    for (let i = 0; i < 10_000; i++) store.add("Connection flaky", { type: "warning" });
    store.closeAll();
  });
  bench("add 1,000 different notifications, then close them all", () => {
    const store = new NotificationStore(resolveNotificationConfig());
    store.attach();
    for (let i = 0; i < 1000; i++) store.add(`Order ${i} saved`, { type: "success" });
    store.closeAll();
  });
});
