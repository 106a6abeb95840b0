/** Number and date formats of the dashboard (the user's language, euros as in the seed). */
const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "EUR", maximumFractionDigits: 0 });
const moneyExact = new Intl.NumberFormat("en-US", { style: "currency", currency: "EUR" });
const integer = new Intl.NumberFormat("en-US");
const date = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });

export const formatMoney = (value: number, exact = false) => (exact ? moneyExact : money).format(value);
export const formatInteger = (value: number) => integer.format(value);
/** Odoo's "YYYY-MM-DD HH:MM:SS" (UTC) as "Nov 3, 2026". */
export const formatDate = (value: string) => date.format(new Date(`${value.replace(" ", "T")}Z`));
/** Odoo's datetime format for a domain value. */
export const odooDatetime = (value: Date) => value.toISOString().slice(0, 19).replace("T", " ");
export const formatDuration = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);
export const STATE_LABELS: Record<string, string> = { draft: "Quotation", sent: "Quotation Sent", sale: "Sales Order", cancel: "Cancelled" };
