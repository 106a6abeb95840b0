/**
 * What the dashboard reads of an order, as Odoo 17 specifications: plain objects in a module that
 * imports nothing, so the benches and tests that make the same calls read them from here.
 */

/** What a row of the orders table shows, in one `web_search_read` with the page's count: the customer's and salesperson's names nested. */
export const ROW_SPEC = {
  name: {},
  date_order: {},
  partner_id: { fields: { display_name: {} } },
  user_id: { fields: { display_name: {} } },
  amount_total: {},
  state: {},
  write_date: {},
  carrier_tracking_ref: {},
};

/** What the order form reads of an order, and what its save answers (`web_save`'s specification): one round trip each. */
export const ORDER_SPEC = {
  name: {},
  partner_id: {},
  write_date: {},
  amount_untaxed: {},
  amount_tax: {},
  amount_total: {},
  order_line: { fields: { product_id: {}, product_uom_qty: {}, price_unit: {} } },
};
