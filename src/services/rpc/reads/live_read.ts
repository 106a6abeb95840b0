/**
 * Live reads (`cache: { live: true, update: "always", onUpdate }`): after its first answer, a read
 * asked again each time its model's cached reads are dropped (a write in this tab or another,
 * `reads.invalidate(model)`, the bus's `records/changed`), while its caller lives. A chunk of its
 * own, loaded on the first live read: apps that never follow a model do not ship it.
 */
import type { Browser, TimeoutId } from "../../../browser.js";
import type { ConnectionLostError } from "../errors.js";
import type { JSONValue } from "../call/params.js";
import type { GuardedCallback, RPCPromise, RPCSettings } from "../types.js";
import type { ResolvedCacheOptions } from "./cache_options.js";
import type { ReadCache } from "./read_cache.js";

/**
 * How long a live read waits after a drop before it asks again, in ms: a burst of drops costs one
 * read, and one more for the drops that come while it is in flight.
 */
export const DEFAULT_LIVE_DELAY = 100;

/** What a live read uses of the read layer (`Reads`, which loads this chunk: named here, not imported). */
export interface LiveReads {
  readonly cache: ReadCache;
  send<T>(route: string, params: { [key: string]: JSONValue }, settings: RPCSettings, cacheOptions: ResolvedCacheOptions): RPCPromise<T>;
  whenBack(then: () => void): void;
}

/**
 * Follows a live read's model (`tag`) until its caller is `gone()` (aborted, its signal, its
 * component destroyed: see {@link GuardedCallback}) or the env stops. `last`: the JSON of the answer its
 * caller got (`onUpdate`'s `changed` compares with the last one); `since`: where invalidations of
 * its model stood when it was first asked (a drop since then is followed at once). Every drop, of
 * any model, also checks that the caller lives, so a gone caller's read ends at the next write,
 * whatever its model; an armed timer that finds it gone ends it too. `browser`: the read layer's,
 * handed down (this chunk imports no module of the app's start: `disk_cache.ts` says why).
 */
export function followRead(
  reads: LiveReads,
  browser: Browser,
  gone: () => unknown,
  last: string,
  since: number,
  route: string,
  params: { [key: string]: JSONValue },
  settings: RPCSettings,
  tag: string,
  onUpdate: (result: unknown, changed: boolean) => void,
): void {
  const { cache } = reads;
  let timer: TimeoutId | undefined;
  /** The read in flight, and whether a drop came meanwhile (it is then asked once more). */
  let asking: RPCPromise<unknown> | undefined;
  let again = false;
  let ended = false;

  const lives = () => !ended && !cache.closed && !gone() && (onUpdate as GuardedCallback).alive?.() !== false;
  const end = () => {
    ended = true;
    browser.clearTimeout(timer);
    asking?.abort(false);
    unsubscribe();
  };
  const changed = () => {
    if (asking) again = true;
    else timer ??= browser.setTimeout(ask, DEFAULT_LIVE_DELAY);
  };
  const ask = () => {
    timer = undefined;
    if (!lives()) return end();
    // A read as any other: in memory since the drop (another read of this answer), else one request
    // that equal reads share and whose answer is kept. Not from the disk, whose drop may still run.
    const read = reads.send<unknown>(route, params, settings, ASK_AGAIN);
    asking = read;
    read.then(
      (value) => {
        asking = undefined;
        if (ended) return;
        const json = JSON.stringify(value);
        const differs = json !== last;
        last = json;
        if (again) changed();
        again = false;
        onUpdate(value, differs);
      },
      (error: Error) => {
        asking = undefined;
        if (ended) return;
        // The server is away: asked again when it is back. Another failure waits for the next drop.
        // By its name, not errors.ts's guard: importing that module would split it out of the base app's file into a chunk of its own.
        if (error.name === ("ConnectionLostError" satisfies ConnectionLostError["name"])) reads.whenBack(() => lives() && changed());
        else if (again) changed();
        again = false;
      },
    );
  };

  const unsubscribe = cache.subscribe((dropped) => {
    if (!lives()) end();
    else if (dropped === undefined || dropped === tag) changed();
  });
  if (!lives()) end();
  else if (cache.generation(tag) !== since) changed();
}

/** How a live read asks again: memory first, the server else, its answer kept in memory. */
const ASK_AGAIN: ResolvedCacheOptions = Object.freeze({ type: "ram", update: "once", maxAge: Number.POSITIVE_INFINITY, onUpdate: undefined, live: false });
