/** The models this server knows, by their Odoo names. */
import { PyKeyError } from "../errors";
import type { ModelDef, ModelRegistry } from "./base/model";
import { productProduct } from "./product_product";
import { resPartner } from "./res_partner";
import { resUsers } from "./res_users";
import { saleOrder } from "./sale_order";
import { saleOrderLine } from "./sale_order_line";

export function createModelRegistry(defs: ModelDef[] = [resPartner, resUsers, productProduct, saleOrder, saleOrderLine]): ModelRegistry {
  const byName = new Map(defs.map((def) => [def.name, def]));
  return {
    get(name) {
      const def = byName.get(name);
      if (!def) throw new PyKeyError(`'${name}' is not a model of this database`);
      return def;
    },
    has: (name) => byName.has(name),
    all: () => [...byName.values()],
  };
}
