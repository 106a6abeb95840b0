/** The bus's types and notification types, shared by its service module and its chunk (so neither imports the other's code). */

/** The server cannot give everything after the `last` asked for: every cached read is dropped. */
export const BUS_RESET = "bus/reset";
/** `{ model, ids }`: another client changed these records; the model's cached reads are dropped. */
export const RECORDS_CHANGED = "records/changed";

/** Where the origin's socket stands, as this tab knows it (from the tab that holds it). */
export type BusState = "connecting" | "connected" | "disconnected";

/** One notification as Odoo 17's bus sends it: an id that only grows, a type and a payload. */
export interface BusNotification<P = unknown> {
  id: number;
  message: { type: string; payload: P };
}

/** Called with each notification of its type, once, in id order. */
export type BusCallback<P = unknown> = (payload: P, meta: { id: number }) => void;

/** Why the socket closed: the close frame's code and reason (1006 and "" when it just broke). */
export interface BusClose {
  code: number;
  reason: string;
}

/** What the service gives its chunk: this tab's channels, its subscribers and its state. */
export interface BusHost {
  /** This tab's channels. */
  channels(): string[];
  /** New notifications (each once, in id order) for this tab's subscribers. */
  dispatch(notifications: BusNotification[]): void;
  /** The socket's state changed (`close`: why it closed). */
  setState(state: BusState, close?: BusClose): void;
}

/** What the bus hears of the session, when one is registered: who signs in or out. */
export interface SessionChanges {
  subscribe(listener: () => void): () => void;
}
