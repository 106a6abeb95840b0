/**
 * The reads the dashboard keeps on this device for working offline: the new-order form's
 * customers and products, and the quotations with their lines. The orders table makes them when it shows
 * its page and the form makes the same ones, so the form finds their saved answers offline.
 */
import type { ORM, SpecRecord } from "owl-services";
import { ORDER_SPEC } from "./specifications";
import type { Partner, Product } from "./types";

/** The read the new-order form makes for its customers (the same read, so the same saved answer). */
export function customersRead(orm: ORM): Promise<Pick<Partner, "id" | "name" | "city">[]> {
  return orm.searchRead("res.partner", [["is_company", "=", true]], ["name", "city"], { order: "name" });
}

/** The read the new-order form makes for its products. */
export function productsRead(orm: ORM): Promise<Pick<Product, "id" | "name" | "list_price">[]> {
  return orm.searchRead("product.product", [], ["name", "list_price"], { order: "name" });
}

/** An order as the form shows it: typed by the specification (`order_line` its records, `partner_id` an id). */
export type FormOrder = SpecRecord<"sale.order", typeof ORDER_SPEC>;

/**
 * The quotations on the orders table's page as the form shows them, in one `web_read`: made by the
 * table when it shows them and by the edit form (the same read), so this device keeps them and a
 * quotation can be edited offline.
 */
export function ordersRead(orm: ORM, orderIds: number[]): Promise<FormOrder[]> {
  return orm.webRead("sale.order", orderIds, { specification: ORDER_SPEC });
}
