/** The demo's models and services, declared to owl-services so `orm` and `useService` are typed. */
import type { SessionService } from "./session_service";

export type Many2one = [id: number, name: string] | false;
export type OrderState = "draft" | "sent" | "sale" | "cancel";

export interface SaleOrder {
  id: number;
  name: string;
  partner_id: Many2one;
  user_id: Many2one;
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
  /** Line ids when read; one2many commands when written. */
  order_line: number[] | OrderLineCommand[];
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

declare module "owl-services" {
  interface Models {
    "sale.order": SaleOrder;
    "res.partner": Partner;
    "product.product": Product;
  }
  interface Services {
    dashboard_session: SessionService;
  }
}
