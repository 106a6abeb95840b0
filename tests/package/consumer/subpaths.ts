// A consumer that imports only subpath entries (as the README recommends for a small bundle) and
// types its own service, model and route by augmenting "owl-services": the augmentation must reach
// what the subpaths export, under each moduleResolution. A `@ts-expect-error` that had nothing to
// catch (types lost to `any` or `unknown`) fails the check.
import { Component, xml } from "@odoo/owl";
import { registry, useService } from "owl-services/core";
import { ormService } from "owl-services/orm";
import { rpcService } from "owl-services/rpc";
import { notificationService } from "owl-services/notification";
import { sessionService, userService, SignInDialog, type SessionService } from "owl-services/session";

declare module "owl-services" {
  interface Services {
    clock: { now(): Date };
  }
  interface Models {
    "res.partner": { id: number; name: string; email: string | false };
  }
}

registry.category("services").add("notification", notificationService).add("rpc", rpcService).add("orm", ormService).add("session", sessionService).add("user", userService);
registry.category("main_components").add("SignInDialog", { Component: SignInDialog });

export class Partners extends Component {
  static override template = xml`<div/>`;
  override setup() {
    const now: Date = useService("clock").now();
    const orm = useService("orm");
    const session: SessionService = useService("session");
    void (async () => {
      const partners = await orm.searchRead("res.partner", [], ["name", "email"]);
      const email: string | false | undefined = partners[0]?.email;
      // @ts-expect-error: not a field of the declared model
      await orm.searchRead("res.partner", [], ["nope"]);
      // @ts-expect-error: the clock's now() is a Date
      const wrong: string = useService("clock").now();
      const info = await session.authenticate({ login: "admin", password: "admin" });
      const uid: number | false = info.uid;
      const userId: number | false = useService("user").userId;
      console.log(now, email, wrong, uid, userId);
    })();
  }
}
