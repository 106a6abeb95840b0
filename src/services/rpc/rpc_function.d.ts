import type { RPCClient } from "./call/rpc_client.js";
import type { Reads } from "./reads/reads.js";
import type { Writes } from "./writes/writes.js";
import type { RPC } from "./types.js";
/** Whose calls an env's rpc makes: the session service says so once it knows (see session_service.ts). */
export interface RPCUser {
    /** "db|uid" of the user whose cached reads and outbox entries are used; "" for nobody. */
    owner(): string;
    /**
     * Whether whose data is read is known: not while a session names nobody (not asked yet, or
     * signed out; the browser may hold anyone's cookie). Cached reads are neither kept nor served meanwhile.
     */
    known(): boolean;
    /** The user's context, sent with every orm call (lang, tz, uid, …). */
    context(): Record<string, unknown>;
}
/** One env's rpc: its call layer, its read layer, its write layer, and whose calls they are. */
export interface RPCLayers {
    client: RPCClient;
    reads: Reads;
    writes: Writes;
    user: RPCUser;
}
/**
 * The value of the `rpc` service: the rpc function and its layers, which the services built on it
 * (orm, session, outbox) receive as their declared dependency `rpc`. A component's protected rpc
 * (`useService("rpc")`) carries the same layers.
 */
export type RPCService = RPC & {
    readonly layers: RPCLayers;
};
/** Creates the `rpc` function over an env's layers. */
export declare function createRPC(layers: RPCLayers): RPCService;
