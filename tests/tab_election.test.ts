/** The lease election over a BroadcastChannel (src/tab_election.ts), with fake timers and a channel that takes 5 ms per message. */
import { afterEach, describe, expect, test, vi } from "vitest";
import { browser } from "../src/browser";
import { TabElection, type LeaseMessage } from "../src/tab_election";

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Tabs whose messages reach the tabs that exist when they are posted, 5 ms later. */
function tabs() {
  const elections: TabElection[] = [];
  const add = (id: string) => {
    vi.spyOn(browser, "randomUUID").mockReturnValueOnce(id as ReturnType<typeof browser.randomUUID>);
    const election: TabElection = new TabElection((message: LeaseMessage) => {
      const to = elections.filter((other) => other !== election);
      setTimeout(() => {
        for (const other of to) other.hear(message);
      }, 5);
    });
    elections.push(election);
    return election;
  };
  return { add };
}

describe("the tab election", () => {
  test("elects one holder when a tab starts claiming before the other's channel exists and has the lower id", async () => {
    vi.useFakeTimers();
    const { add } = tabs();
    const holders: string[] = [];
    const hold = (name: string) => () => {
      holders.push(name);
      return new Promise<void>(() => undefined);
    };
    // "a" claims while "b" does not exist yet: b never hears that claim.
    void add("a").exclusively(hold("a"));
    void add("b").exclusively(hold("b"));
    await vi.advanceTimersByTimeAsync(1000);
    expect(holders).toEqual(["a"]);
  });

  test("the next tab holds once the holder releases", async () => {
    vi.useFakeTimers();
    const { add } = tabs();
    const holders: string[] = [];
    let release!: () => void;
    void add("a").exclusively(() => {
      holders.push("a");
      return new Promise<void>((resolve) => (release = resolve));
    });
    await vi.advanceTimersByTimeAsync(500);
    void add("b").exclusively(async () => {
      holders.push("b");
    });
    await vi.advanceTimersByTimeAsync(500);
    expect(holders).toEqual(["a"]);
    release();
    await vi.advanceTimersByTimeAsync(500);
    expect(holders).toEqual(["a", "b"]);
  });
});
