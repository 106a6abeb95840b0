/** The dashboard's tunable numbers, in one module that imports nothing (the tests read them too). */

/** Orders per page of the orders table. */
export const PAGE_SIZE = 12;
/** The KPIs compare this many last days with the same number before. */
export const KPI_PERIOD_DAYS = 30;
/** The client's timeout for the slow quarterly report; the server takes 8 s. */
export const REPORT_TIMEOUT = 3000;
/** How long the outage switch stops the server. */
export const OUTAGE_SECONDS = 10;
/** The demo's one tax: 21% on every line. */
export const TAX_RATE = 0.21;
/** How long the dashboard gathers the bus's notifications of orders before it reloads, in ms (one reload per burst). */
export const LIVE_RELOAD_DELAY = 100;
