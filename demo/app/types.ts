/** The demo's models and services, declared to owl-services so `orm` and `useService` are typed. */
import type { Many2one, X2many } from "owl-services";
import type { SessionService } from "./session_service";

export type OrderState = "draft" | "sent" | "sale" | "cancel";

export interface SaleOrder {
  id: number;
  name: string;
  partner_id: Many2one<"res.partner">;
  user_id: Many2one<"res.users">;
  date_order: string;
  /** When it was last written: the concurrency check's `__last_update`. */
  write_date: string;
  state: OrderState;
  amount_untaxed: number;
  amount_tax: number;
  amount_total: number;
  note: string | false;
  /** The carrier's tracking reference once shipped (set by action_ship, never written by the client). */
  carrier_tracking_ref: string | false;
  /** Line ids when read (records with a specification's `fields`); one2many commands when written. */
  order_line: X2many<"sale.order.line">;
}

export interface SaleOrderLine {
  id: number;
  order_id: Many2one<"sale.order">;
  product_id: Many2one<"product.product">;
  name: string;
  product_uom_qty: number;
  price_unit: number;
  price_subtotal: number;
  write_date: string;
}

type LineValues = { product_id: number; product_uom_qty: number; price_unit?: number };
/** Odoo's Commands for a line: create `[0, 0, values]`, update `[1, id, values]`, delete `[2, id]`. */
export type OrderLineCommand = readonly [0, 0, LineValues] | readonly [1, number, LineValues] | readonly [2, number];

export interface Partner {
  id: number;
  name: string;
  city: string | false;
  zip: string | false;
  country_code: string | false;
  is_company: boolean;
}

export interface Product {
  id: number;
  name: string;
  default_code: string | false;
  list_price: number;
}

export interface User {
  id: number;
  name: string;
  login: string;
}

declare module "owl-services" {
  interface Models {
    "sale.order": SaleOrder;
    "sale.order.line": SaleOrderLine;
    "res.partner": Partner;
    "res.users": User;
    "product.product": Product;
  }
  interface Services {
    dashboard_session: SessionService;
  }
}
