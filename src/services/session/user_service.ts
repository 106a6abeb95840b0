/**
 * Registered as `user` (Odoo 17's name): the signed-in user, read from the `session` service's
 * info, and `hasGroup`, asked of the server once per user and group. The orm sends `context` with
 * every call (see orm_service.ts).
 */
import type { Env, ServiceDefinition } from "../../env.js";
import type { ORM } from "../orm/orm_types.js";
import type { SessionService } from "./session_service.js";

export interface UserService {
  /** The user's id; false when signed out. */
  readonly userId: number | false;
  readonly name: string;
  readonly login: string;
  /** The database the user is signed in to ("" when signed out or unknown). */
  readonly db: string;
  /** The session info's `user_context` (lang, tz, uid, …); {} when signed out. */
  readonly context: Record<string, unknown>;
  /** Whether the user is in `group` (an external id, "sales_team.group_sale_manager"): `res.users.has_group`, asked once per user. */
  hasGroup(group: string): Promise<boolean>;
}

declare module "../../env.js" {
  interface Services {
    user: UserService;
  }
}

/** An external id: module.name. */
const GROUP = /^[a-z0-9_]+\.[a-z0-9_]+$/;

export const userService: ServiceDefinition<UserService> = {
  dependencies: ["session", "orm"],
  async: ["hasGroup"],
  start(_env: Env, { session, orm }: { session: SessionService; orm: ORM }): UserService {
    const groups = new Map<string, Promise<boolean>>();
    session.subscribe(() => groups.clear());
    const info = () => session.info;
    return {
      get userId() {
        return info()?.uid ?? false;
      },
      get name() {
        return info()?.name ?? "";
      },
      get login() {
        return info()?.username ?? "";
      },
      get db() {
        return info()?.db ?? "";
      },
      get context() {
        return { ...info()?.user_context };
      },
      hasGroup(group) {
        if (typeof group !== "string" || !GROUP.test(group)) {
          return Promise.reject(new TypeError(`user.hasGroup: group must be an external id such as "base.group_user", got ${JSON.stringify(group) ?? String(group)}; nothing was sent`));
        }
        const uid = info()?.uid;
        if (uid === undefined || uid === false) return Promise.resolve(false);
        const key = `${uid}|${group}`;
        let answer = groups.get(key);
        if (!answer) {
          answer = orm.call<boolean>("res.users", "has_group", [group], {}, { kind: "read" }).then((value) => value === true);
          // A failure is not kept: the next ask asks again.
          answer.catch(() => groups.delete(key));
          groups.set(key, answer);
        }
        return answer;
      },
    };
  },
};
