/**
 * The sales manager's reports and the carrier integration. Each is what makes one of the causes of
 * the RPC error guide happen for real: a backend bug, a slow report, an external API that refuses.
 */
import { PyValueError, UserError } from "../errors";
import { DomainCompiler } from "../orm/domain";
import { Params } from "../orm/sql";
import { checkRecords, ruleDomain } from "./base/access";
import type { Env, Method, ModelDef } from "./base/model";
import { NEXT_VERSION } from "./base/versions";

/**
 * The orders the user's record rules let them read, as a SQL condition over `sale_order o` and its
 * parameters ($1…): a salesperson's reports total their own orders only.
 */
function readableOrders(env: Env, model: ModelDef): { where: string; values: unknown[] } {
  const params = new Params();
  const where = new DomainCompiler(env.models, params).compile(model, ruleDomain(env, model), "o");
  return { where, values: params.values };
}

/** Commission rates by customer country. The gap (countries without a rate) is the backend bug. */
const COMMISSION_RATES: Record<string, number> = { US: 0.05, BE: 0.04, FR: 0.04, DE: 0.045, NL: 0.04, GB: 0.05, CA: 0.05 };
/** How long the quarterly report takes; the dashboard's timeout is shorter on purpose. */
export const REPORT_DURATION = 8000;
/** How long the forecast takes: long enough to close its widget while it runs. */
export const FORECAST_DURATION = 4000;

function commissionRate(country: string | null): number {
  const rate = country ? COMMISSION_RATES[country] : undefined;
  if (rate === undefined) throw new PyValueError(`Invalid commission rate for country ${country ? `'${country}'` : "None"}: None`);
  return rate;
}

async function computeCommissions(env: Env, model: ModelDef): Promise<{ salesperson: string; orders: number; commission: number }[]> {
  const readable = readableOrders(env, model);
  const { rows } = await env.cr.query<{ user_name: string; amount: number; country: string | null }>(
    `SELECT u.name AS user_name, o.amount_untaxed AS amount, p.country_code AS country
       FROM sale_order o JOIN res_users u ON u.id = o.user_id JOIN res_partner p ON p.id = o.partner_id
      WHERE o.state = 'sale' AND o.date_order >= date_trunc('month', (SELECT max(date_order) FROM sale_order)) - interval '1 month'
        AND ${readable.where}
      ORDER BY o.id`,
    readable.values,
  );
  const totals = new Map<string, { orders: number; commission: number }>();
  for (const row of rows) {
    const total = totals.get(row.user_name) ?? { orders: 0, commission: 0 };
    total.orders += 1;
    total.commission += row.amount * commissionRate(row.country);
    totals.set(row.user_name, total);
  }
  return [...totals].map(([salesperson, total]) => ({ salesperson, orders: total.orders, commission: Math.round(total.commission * 100) / 100 }));
}

interface CarrierReply {
  status: number;
  body: { tracking_ref?: string; error?: string };
}

async function postShipment(env: Env, payload: unknown): Promise<CarrierReply> {
  try {
    const response = await fetch(`${env.carrierUrl}/carrier/v1/shipments`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: "Bearer demo-carrier-key" },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(5000),
    });
    return { status: response.status, body: (await response.json()) as CarrierReply["body"] };
  } catch (error) {
    throw new UserError(`The carrier API could not be reached (${env.carrierUrl}): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

export const SALE_ORDER_REPORTS: Record<string, Method> = {
  /** Commissions by salesperson over the last two months of orders. */
  compute_commissions: { model: true, readonly: true, params: [], run: (env, model) => computeCommissions(env, model) },

  /** Revenue by quarter over two years: a heavy report that takes REPORT_DURATION. */
  print_quarterly_report: {
    model: true,
    readonly: true,
    params: [],
    async run(env, model) {
      await env.sleep(REPORT_DURATION);
      const readable = readableOrders(env, model);
      const { rows } = await env.cr.query<{ quarter: string; revenue: number }>(
        `SELECT to_char(date_trunc('quarter', o.date_order), 'YYYY-"Q"Q') AS quarter, sum(o.amount_total) AS revenue
           FROM sale_order o WHERE o.state = 'sale' AND ${readable.where} GROUP BY 1 ORDER BY 1`,
        readable.values,
      );
      return rows;
    },
  },

  /** Next months' revenue, projected from the last twelve: slow on purpose (FORECAST_DURATION). */
  get_forecast: {
    model: true,
    readonly: true,
    params: [{ name: "months", default: 3 }],
    async run(env, model, _ids, args) {
      const months = args.months;
      if (!Number.isSafeInteger(months) || (months as number) < 1 || (months as number) > 24) {
        throw new PyValueError(`get_forecast(): months must be an integer from 1 to 24, got ${JSON.stringify(months)}`);
      }
      await env.sleep(FORECAST_DURATION);
      const readable = readableOrders(env, model);
      const { rows } = await env.cr.query<{ revenue: number }>(
        `SELECT coalesce(sum(o.amount_total), 0) AS revenue FROM sale_order o
          WHERE o.state = 'sale' AND o.date_order >= (SELECT max(date_order) FROM sale_order) - interval '12 months' AND ${readable.where}`,
        readable.values,
      );
      const monthly = (rows[0]?.revenue ?? 0) / 12;
      return { months, revenue: Math.round(monthly * (months as number) * 1.04 * 100) / 100 };
    },
  },

  /** Books the shipment of confirmed orders with the carrier, whose API checks the address. */
  action_ship: {
    params: [],
    async run(env, model, ids) {
      // Unknown ids are a MissingError, another salesperson's orders an AccessError, as for a write.
      await checkRecords(env, model, ids, "write");
      // Locked to the end of the call: the same order shipped twice at once is booked once.
      const { rows } = await env.cr.query<{ id: number; name: string; state: string; tracking: string | null; partner: string; street: string | null; city: string | null; zip: string | null; country: string | null }>(
        `SELECT o.id, o.name, o.state, o.carrier_tracking_ref AS tracking, p.name AS partner, p.street, p.city, p.zip, p.country_code AS country
           FROM sale_order o JOIN res_partner p ON p.id = o.partner_id WHERE o.id = ANY($1) ORDER BY o.id FOR UPDATE OF o`,
        [ids],
      );
      const tracking: string[] = [];
      for (const order of rows) {
        if (order.state !== "sale") throw new UserError(`${order.name} is not confirmed: only sales orders can be shipped.`);
        if (order.tracking) throw new UserError(`${order.name} was already shipped (tracking ${order.tracking}): a second shipment is not booked.`);
        const reply = await postShipment(env, {
          reference: order.name,
          recipient: { name: order.partner, street: order.street, city: order.city, zip: order.zip, country: order.country },
        });
        if (reply.status >= 400) {
          throw new UserError(`The carrier refused the shipment of ${order.name} (HTTP ${reply.status}): ${reply.body.error ?? "no reason given"}. Fix the customer's address and try again.`);
        }
        tracking.push(reply.body.tracking_ref!);
        await env.cr.query(`UPDATE sale_order SET carrier_tracking_ref = $2, write_date = ${NEXT_VERSION} WHERE id = $1`, [order.id, reply.body.tracking_ref]);
        env.changed(model.name, [order.id]);
      }
      return tracking;
    },
  },
};
