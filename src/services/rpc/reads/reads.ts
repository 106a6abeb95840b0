/**
 * The read layer: reads that share one request and reads answered from the cache. Each caller gets
 * a promise of its own, with its own copy of the result and its own `abort`; the request is aborted
 * when every caller has left it. A read's key is what is sent (serialized params, settings) and the
 * generation of its model, so a read that starts after a write started never joins or keeps an
 * answer from before it.
 */
import { browser } from "../../../browser.js";
import { ConnectionAbortedError, isConnectionLostError } from "../errors.js";
import { joinRequest, ownPromise, type JoinedRequest } from "../call/joined_calls.js";
import type { ReadCache } from "./read_cache.js";
import type { ResolvedCacheOptions } from "./cache_options.js";
import { canonicalJSON, type JSONValue } from "../call/params.js";
import type { RPCClient } from "../call/rpc_client.js";
import { cacheTag } from "./read_intent.js";
import type { RPCPromise, RPCSettings } from "../types.js";

/** What of a read's settings decides whether two reads are equal: all but its signal and how it is shared or cached. */
function settingsKey(settingsKeys: WeakMap<RPCSettings, string>, settings: RPCSettings): string {
  let key = settingsKeys.get(settings);
  if (key === undefined) {
    const { signal: _signal, cache: _cache, share: _share, ...keyed } = settings;
    key = canonicalJSON(keyed);
    if (Object.isFrozen(settings)) settingsKeys.set(settings, key);
  }
  return key;
}

/**
 * The canonical form of params, found by their plain JSON text: a read made again the same way
 * (the same keys in the same order, as a call site makes it) costs one native `JSON.stringify` and
 * a lookup instead of a sorting walk. Equal texts are equal params, so their canonical forms are
 * equal too. Bounded: the oldest text goes first, and large params are not remembered.
 */
const canonicalByText = new Map<string, string>();
const REMEMBERED_TEXTS = 256;
const REMEMBERED_LENGTH = 2048;

function paramsKey(params: { [key: string]: JSONValue }): string {
  const text = JSON.stringify(params);
  let key = canonicalByText.get(text);
  if (key === undefined) {
    key = canonicalJSON(params);
    if (text.length > REMEMBERED_LENGTH) return key;
    if (canonicalByText.size >= REMEMBERED_TEXTS) canonicalByText.delete(canonicalByText.keys().next().value!);
    canonicalByText.set(text, key);
  }
  return key;
}

/** The `abort` of a read answered at once: nothing is left to abort. */
const noAbort = () => {};

export class Reads {
  private readonly inflight = new Map<string, JoinedRequest>();
  /** The key part of frozen settings (an orm's, the same for each of its reads). */
  private readonly settingsKeys = new WeakMap<RPCSettings, string>();

  constructor(
    private readonly client: RPCClient,
    readonly cache: ReadCache,
  ) {}

  /** A shared read (`settings.share`) or a cached one (`cacheOptions`), with serialized params. */
  send<T>(route: string, params: { [key: string]: JSONValue }, settings: RPCSettings, cacheOptions: ResolvedCacheOptions | undefined): RPCPromise<T> {
    const tag = cacheTag(route, params);
    // Built once per read: the route, what is sent, and where invalidations of its model stand.
    const key = `${route}\u0000${paramsKey(params)}\u0000${settingsKey(this.settingsKeys, settings)}\u0000${this.cache.generation(tag)}`;
    // Before the user is known, nothing is kept or served: the server answers (RPCUser.known).
    return cacheOptions && this.cache.usable ? this.cached<T>(key, tag, route, params, settings, cacheOptions) : this.join<T>(key, route, params, settings);
  }

  /** Runs `then` once, when the connection monitor sees the server again (a cached read's refresh, a live read's). */
  whenBack(then: () => void): void {
    const unsubscribe = this.client.monitor.subscribe((event) => {
      if (event.type !== "restored") return;
      unsubscribe();
      then();
    });
  }

  /** Drops the cached reads of `tag` (a model, or a route), of all without one, here and in the other tabs. */
  invalidate(tag?: string): void {
    this.cache.invalidate(tag);
  }

  /** Joins the request for `key`, starting it if none is in flight. */
  private join<T>(key: string, route: string, params: { [key: string]: JSONValue }, settings: RPCSettings): RPCPromise<T> {
    // The callers' signals are theirs: the shared request ends when all of them left it.
    const { signal, share: _share, cache: _cache, ...shared } = settings;
    return joinRequest<T>(this.inflight, key, route, () => this.client.send<unknown>(route, params, shared), signal);
  }

  /** A read answered from the cache when it can be, else (and with `update: "always"`, also) by the server. */
  private cached<T>(key: string, tag: string, route: string, params: { [key: string]: JSONValue }, settings: RPCSettings, options: ResolvedCacheOptions): RPCPromise<T> {
    // Where it is filed and what invalidations it follows are fixed when the read starts (a user
    // who signs out meanwhile does not get this answer filed under the next one).
    const scoped = this.cache.scope(key);
    if (options.update === "once" && !settings.signal?.aborted) {
      // A hit in memory: answered now, the caller's own copy, nothing else made.
      const hit = this.cache.hit(scoped, options.maxAge) as Promise<T> | undefined;
      if (hit) return Object.assign(hit, { abort: noAbort });
    }
    const own = ownPromise<T>();
    const generation = this.cache.generation(tag);
    // In use until this read is done with it (its refresh, or the wait for the server): not evicted meanwhile.
    let pinned = true;
    this.cache.pin(scoped, 1);
    let aborted = false;
    let fetch: RPCPromise<T> | undefined;
    const { signal, cache: _cache, ...rest } = settings;
    // A live read follows its model from its first answer on (its code loaded then), until its caller is gone.
    const follow = (last: string) =>
      options.live && import("./live_read.js").then((live) => live.followRead(this, browser, () => aborted || signal?.aborted, last, generation, route, params, rest, tag, options.onUpdate!));

    const run = async () => {
      const stored = await this.cache.get(scoped, tag, options.type, options.maxAge);
      if (aborted) return;
      // The env stopped while the disk was read: the call ends as the ones in flight did.
      if (this.cache.closed) {
        finish();
        return own.reject(new ConnectionAbortedError(route));
      }
      if (stored !== undefined) {
        own.resolve(JSON.parse(stored) as T);
        if (options.update === "once") return finish();
      }
      refresh(stored);
    };
    const refresh = (stored: string | undefined) => {
      fetch = this.join<T>(key, route, params, rest);
      fetch.then(
        (value) => {
          const json = JSON.stringify(value);
          this.cache.set(scoped, tag, json, options.type, generation);
          if (stored === undefined) own.resolve(value);
          else if (!aborted) options.onUpdate?.(value, json !== stored);
          finish();
          follow(json);
        },
        (error: Error) => {
          // After a stored answer, a failed refresh is the app's to see (bus events, notices), not the caller's.
          if (stored === undefined) own.reject(error);
          // The server was away: the answer given was the stored one, and onUpdate hears the fresh one when it is back.
          else if (isConnectionLostError(error) && options.onUpdate) return this.whenBack(() => !aborted && !this.cache.closed && refresh(stored));
          finish();
        },
      );
    };
    const finish = () => {
      if (pinned) this.cache.pin(scoped, -1);
      pinned = false;
      signal?.removeEventListener("abort", onSignal);
    };
    const abort = (rejectError = true) => {
      if (aborted) return;
      aborted = true;
      finish();
      fetch?.abort(false);
      if (rejectError && !own.settled) own.reject(new ConnectionAbortedError(route, signal?.aborted ? signal.reason : undefined));
    };
    const onSignal = () => abort(true);
    signal?.addEventListener("abort", onSignal, { once: true });
    run().catch((error: unknown) => own.reject(error as Error));
    return Object.assign(own.promise, { abort });
  }
}
