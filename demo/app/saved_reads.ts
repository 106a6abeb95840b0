/**
 * The reads the dashboard keeps on this device for working offline: the new-order form's
 * customers and products, and the quotations' lines. The orders table makes them when it shows
 * its page and the form makes the same ones, so the form finds their saved answers offline.
 */
import type { ORM } from "owl-services";
import type { Partner, Product } from "./types";

/** The read the new-order form makes for its customers (the same read, so the same saved answer). */
export function customersRead(orm: ORM): Promise<Pick<Partner, "id" | "name" | "city">[]> {
  return orm.searchRead("res.partner", [["is_company", "=", true]], ["name", "city"], { order: "name" });
}

/** The read the new-order form makes for its products. */
export function productsRead(orm: ORM): Promise<Pick<Product, "id" | "name" | "list_price">[]> {
  return orm.searchRead("product.product", [], ["name", "list_price"], { order: "name" });
}

export interface OrderLine {
  id: number;
  order_id: [number, string];
  product_id: [number, string];
  product_uom_qty: number;
  price_unit: number;
}

/**
 * The lines of the quotations on the orders table's page, in one read: made by the table when it
 * shows them and by the edit form (the same read), so this device keeps them and a quotation's
 * lines can be edited offline.
 */
export function linesRead(orm: ORM, orderIds: number[]): Promise<OrderLine[]> {
  return orm.searchRead("sale.order.line", [["order_id", "in", orderIds]], ["order_id", "product_id", "product_uom_qty", "price_unit"]) as unknown as Promise<OrderLine[]>;
}
