/** Cached reads made before the session says who is signed in (fake-indexeddb, a real server on port 0). */
import { IDBFactory } from "fake-indexeddb";
import { afterEach, describe, expect, onTestFinished, test, vi } from "vitest";
import { browser } from "../../../../src/browser";
import { stopServices } from "../../../../src/env";
import { ormService } from "../../../../src/services/orm/orm_service";
import { DiskStore } from "../../../../src/services/rpc/reads/disk_store";
import { sessionService } from "../../../../src/services/session/session_service";
import { userService } from "../../../../src/services/session/user_service";
import { makeDeferred, type Deferred, type Reply } from "../../../helpers";
import { setupRPC } from "../rpc_helpers";

const READ = "/web/dataset/call_kw/res.partner/search_read";
const USERS = { admin: 2, demo: 6 } as const;

/** A page whose browser holds `login`'s session cookie; the session info is answered when `infoGate` resolves. */
async function page(factory: IDBFactory, login: keyof typeof USERS, infoGate: Deferred<void>) {
  vi.spyOn(browser, "indexedDB", "get").mockReturnValue(factory);
  const uid = USERS[login];
  const info = { uid, name: login, username: login, db: "prod", user_context: { lang: "en_US", tz: "UTC", uid } };
  const ctx = await setupRPC(
    {
      "/web/session/get_session_info": async (): Promise<Reply> => {
        await infoGate.promise;
        return { result: info };
      },
      "/web/session/destroy": () => ({ result: null }),
      [READ]: () => ({ result: [{ id: 1, name: `seen by ${login}` }] }),
    },
    { session: { db: "prod" } },
    { orm: ormService, session: sessionService, user: userService },
  );
  onTestFinished(() => {
    // Answered before the server closes, even when the test failed before it answered.
    infoGate.resolve();
    return stopServices(ctx.env);
  });
  return ctx;
}

afterEach(() => vi.restoreAllMocks());

describe("cached reads before the owner is known", () => {
  test("a disk-cached read made while session.refresh() is in flight is neither stored nor served to the next user", async () => {
    const factory = new IDBFactory();
    const put = vi.spyOn(DiskStore.prototype, "put");
    // Page 1: admin's cookie; the read runs while the session is being asked for.
    const first = makeDeferred();
    const tab1 = await page(factory, "admin", first);
    const refresh1 = tab1.env.services.session.refresh();
    const read1 = tab1.env.services.orm.cache({ type: "disk" }).searchRead("res.partner", [], ["name"]);
    expect(await read1).toEqual([{ id: 1, name: "seen by admin" }]);
    first.resolve();
    await refresh1;
    // Whatever reached the disk did so by now.
    await Promise.all(put.mock.results.map((result) => result.value));
    await tab1.env.services.session.logout();
    // Page 2: demo's cookie, the same read before its refresh: the server answers it, not admin's entry.
    const second = makeDeferred();
    const tab2 = await page(factory, "demo", second);
    const refresh2 = tab2.env.services.session.refresh();
    const read2 = await tab2.env.services.orm.cache({ type: "disk" }).searchRead("res.partner", [], ["name"]);
    second.resolve();
    await refresh2;
    expect(read2).toEqual([{ id: 1, name: "seen by demo" }]);
    expect(tab2.server.requestsTo(READ)).toHaveLength(1);
    expect(put).not.toHaveBeenCalled();
  });

  test("a memory-cached read made before the owner is known is asked of the server each time", async () => {
    const gate = makeDeferred();
    const tab = await page(new IDBFactory(), "admin", gate);
    const refresh = tab.env.services.session.refresh();
    const cached = tab.env.services.orm.cache();
    await cached.searchRead("res.partner", [], ["name"]);
    await cached.searchRead("res.partner", [], ["name"]);
    expect(tab.server.requestsTo(READ)).toHaveLength(2);
    gate.resolve();
    await refresh;
    // Known now: cached as before.
    await cached.searchRead("res.partner", [], ["name"]);
    await cached.searchRead("res.partner", [], ["name"]);
    expect(tab.server.requestsTo(READ)).toHaveLength(3);
  });
});
