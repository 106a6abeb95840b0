/** What the orm's tests share: an env over a fake call_kw server, and the two checks every method gets. */
import { expect } from "vitest";
import { ormService, ORMArgumentError } from "../../../src/services/orm/orm_service";
import type { ORM } from "../../../src/services/orm/orm_types";
import { setupRPC } from "../rpc/rpc_helpers";

export type ORMSetup = Awaited<ReturnType<typeof setupORM>>;

/** An env with the orm (`config.orm.context` = `context`) over a server whose call_kw routes for `methods` of `models` all answer `handler`. */
export async function setupORM(methods: string[], context: Record<string, unknown>, handler: (params: Record<string, unknown>) => unknown = () => true, models = ["sale.order"]) {
  const kw = async (params: Record<string, unknown>) => ({ result: await handler(params) });
  const routes: Record<string, typeof kw> = {};
  for (const method of methods) for (const model of models) routes[`/web/dataset/call_kw/${model}/${method}`] = kw;
  const ctx = await setupRPC(routes, { orm: { context } }, { orm: ormService });
  const { server } = ctx;
  return { env: ctx.env, server, orm: ctx.env.services.orm as ORM, events: ctx.events, last: () => server.requests.at(-1)! };
}

/** `send` makes one call_kw request to sale.order's `method`, with these args and kwargs and the user context, and answers the server's 42. */
export async function expectOneCall(setup: ORMSetup, send: (orm: ORM) => Promise<unknown>, method: string, args: unknown[], kwargs: object, context: object): Promise<void> {
  await expect(send(setup.orm)).resolves.toBe(42);
  expect(setup.server.requests).toHaveLength(1);
  expect(setup.last().url).toBe(`/web/dataset/call_kw/sale.order/${method}`);
  expect(setup.last().json!.params).toEqual({ model: "sale.order", method, args, kwargs: { ...kwargs, context } });
}

/** `send` rejects with an ORMArgumentError saying `message`, and nothing was sent, no event fired. */
export async function expectRefused(setup: ORMSetup, send: (orm: ORM) => Promise<unknown>, message: string): Promise<void> {
  const error = await send(setup.orm).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ORMArgumentError);
  expect((error as Error).message).toContain(message);
  expect(setup.server.requests).toEqual([]);
  expect(setup.events).toEqual([]);
}
