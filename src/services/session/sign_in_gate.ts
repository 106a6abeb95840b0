/**
 * The calls a session error refused, held while the sign-in dialog is open (the call layer's
 * SessionGate, rpc_call.ts). When the user signs in again, as the same user they are sent again; as someone
 * else, or when the dialog is dismissed, they end. Without a dialog on screen nothing is held.
 */
import { reactive } from "@odoo/owl";
import type { SessionGate } from "../rpc/call/rpc_call.js";
import type { SessionInfo } from "./session_info.js";

type Decision = "again" | "fail" | "other";

export interface SignInState {
  /** Calls are waiting for a sign-in: the dialog shows. */
  open: boolean;
  /** Who was signed in when the session ended ("" if nobody was known): the dialog proposes that login. */
  login: string;
  /** Their name ("" if not known): the dialog says whom it signs in again. */
  name: string;
  /** Their database ("" if not known): the sign-in goes to it, whatever `config.session.db` says. */
  db: string;
  /** How many calls wait. */
  waiting: number;
}

export class SignInGate implements SessionGate {
  readonly state: SignInState = reactive({ open: false, login: "", name: "", db: "", waiting: 0 });
  private readonly waiters: ((decision: Decision) => void)[] = [];
  /** The user whose calls wait (undefined: none was known), fixed when the first call is held. */
  private previous: SessionInfo | null | undefined;
  private dialogs = 0;

  constructor(private readonly current: () => SessionInfo | null) {}

  /** A dialog is on screen (it calls the returned function when it goes). */
  attach(): () => void {
    this.dialogs++;
    return () => {
      this.dialogs--;
      if (!this.dialogs) this.settle("fail");
    };
  }

  hold(): Promise<Decision> {
    if (!this.dialogs) return Promise.resolve("fail");
    if (!this.state.open) {
      const previous = this.current();
      this.previous = previous;
      const known = previous && previous.uid !== false;
      this.state.login = (known && previous.username) || "";
      this.state.name = (known && previous.name) || "";
      this.state.db = (known && previous.db) || "";
      this.state.open = true;
    }
    this.state.waiting++;
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Someone signed in: the same user gets the held calls sent again; another, none of them. */
  signedIn(info: SessionInfo): void {
    if (!this.state.open) return;
    const before = this.previous;
    const same = !before || before.uid === false || (before.uid === info.uid && (before.db === undefined || before.db === info.db));
    this.settle(same ? "again" : "other");
  }

  /** The dialog was dismissed: the held calls fail with their session error. */
  dismiss(): void {
    this.settle("fail");
  }

  private settle(decision: Decision): void {
    this.state.open = false;
    this.state.waiting = 0;
    this.previous = undefined;
    for (const resolve of this.waiters.splice(0)) resolve(decision);
  }
}
