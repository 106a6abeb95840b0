import type { ServiceDefinition } from "../../env.js";
import type { RPCService } from "../rpc/rpc_function.js";
import type { ORM, ORMConfig } from "./orm_types.js";
import { ORMArgumentError } from "./orm_checks.js";
export { ORMArgumentError };
declare module "../../env.js" {
    interface Services {
        orm: ORM;
    }
    interface Config {
        orm?: ORMConfig;
    }
}
/** An orm over `rpc` (the rpc service's value, with its layers), sending `userContext()`, then `config().context`, with every call. */
export declare function createORM(rpc: RPCService, userContext: () => Record<string, unknown>, config?: () => ORMConfig | undefined): ORM;
/**
 * Registered as `orm`: model methods over `rpc`, every method protected through `useService`. The
 * context of each call is the rpc's user's (the session sets it), then `config.orm.context`, read
 * at each call (a company switch after start-up is seen).
 */
export declare const ormService: ServiceDefinition<ORM>;
