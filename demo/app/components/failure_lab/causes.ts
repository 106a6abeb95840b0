/** The causes of the RPC error guide (shared/reference/rpc-errors-guide.txt), each with what triggers it for real. */
import type { EventBus } from "@odoo/owl";
import type { ORM, RPC, RPCError } from "owl-services";
import { OUTAGE_SECONDS, REPORT_TIMEOUT } from "../../constants";
import { formatInteger } from "../../format";
import type { SessionService } from "../../session_service";

export interface LabServices {
  orm: ORM;
  rpc: RPC;
  session: SessionService;
  bus: EventBus;
  /** Writes a line under the cause's card. */
  note(cause: string, text: string): void;
  isRPCError(value: unknown): value is RPCError;
}

export interface Cause {
  id: string;
  kicker: string;
  title: string;
  text: string;
  expect: string;
  needsSalesperson?: boolean;
  actions: { id: string; label: string; run(s: LabServices): Promise<unknown> }[];
}


async function firstOrderId(s: LabServices): Promise<number> {
  const [id] = await s.orm.search("sale.order", [], { limit: 1, order: "id asc" });
  if (!id) throw new Error("There is no order to try this on: reset the demo database (npm run demo:reset).");
  return id;
}

export const CAUSES: Cause[] = [
  {
    id: "backend",
    kicker: "Cause 1 · backend exception",
    title: "A bug in server code",
    text: "The commission report looks up a rate per customer country; some countries have none, and the code raises ValueError.",
    expect: "“Server Error” with the ValueError message; Details shows the server's real traceback.",
    actions: [{ id: "backend", label: "Compute commissions", run: (s) => s.orm.call("sale.order", "compute_commissions") }],
  },
  {
    id: "access",
    kicker: "Cause 2 · access rights",
    title: "Not allowed for this user",
    text: "Salespeople may read and edit their own orders but not delete them. The server enforces it whatever the client sends.",
    expect: "“Access Error”: you are not allowed to delete 'Sales Order' records, with the group that may.",
    needsSalesperson: true,
    actions: [
      {
        id: "access",
        label: "Delete one of my orders",
        run: async (s) => s.orm.unlink("sale.order", [await firstOrderId(s)]),
      },
    ],
  },
  {
    id: "method",
    kicker: "Cause 3 · invalid method call",
    title: "A method that does not exist, or wrong parameters",
    text: "The client calls a method the model does not have, or passes a misspelled keyword argument.",
    expect: "“Method Not Found” (AttributeError) or “Server Error” (TypeError: unexpected keyword argument 'domian').",
    actions: [
      { id: "method", label: "Call sale.order.action_archive_all", run: (s) => s.orm.call("sale.order", "action_archive_all", [[1]]) },
      { id: "params", label: "Misspell an argument", run: (s) => s.orm.call("sale.order", "search_read", [], { domian: [], limit: 1 }) },
    ],
  },
  {
    id: "constraint",
    kicker: "Cause 4 · database constraint",
    title: "PostgreSQL refuses the data",
    text: "Order references are UNIQUE, and a customer with orders cannot go (FOREIGN KEY). PostgreSQL itself says no; the server reports it as Odoo does.",
    expect: "“Constraint Violation”: Order Reference must be unique! / another model requires the record being deleted.",
    actions: [
      {
        id: "unique",
        label: "Reuse reference S00001",
        run: async (s) => {
          const [order] = await s.orm.read("sale.order", [await firstOrderId(s)], ["name", "partner_id"]);
          return s.orm.create("sale.order", [{ name: order!.name, partner_id: order!.partner_id ? order!.partner_id[0] : false }]);
        },
      },
      {
        id: "foreign_key",
        label: "Delete a customer who has orders",
        run: async (s) => {
          const [order] = await s.orm.read("sale.order", [await firstOrderId(s)], ["partner_id"]);
          return s.orm.unlink("res.partner", [order!.partner_id ? order!.partner_id[0] : 0]);
        },
      },
    ],
  },
  {
    id: "integration",
    kicker: "Cause 5 · integration",
    title: "An external API rejects the payload",
    text: "Shipping calls the carrier's REST API, which requires the recipient's ZIP code. Some customers have none.",
    expect: "“User Error”: the carrier refused the shipment (HTTP 422): recipient.zip is required.",
    actions: [
      {
        id: "integration",
        label: "Ship an order to a customer without ZIP",
        run: async (s) => {
          const ids = await s.orm.search("sale.order", [["state", "=", "sale"], ["partner_id.zip", "=", false]], { limit: 1 });
          if (!ids.length) {
            s.note("integration", "None of your confirmed orders goes to a customer without a ZIP code.");
            return;
          }
          return s.orm.call("sale.order", "action_ship", [ids]);
        },
      },
    ],
  },
  {
    id: "timeout",
    kicker: "Cause 6 · timeout",
    title: "A heavy report outlasts the client",
    text: `The quarterly report takes 8 s on the server; this call allows ${REPORT_TIMEOUT / 1000} s, then aborts the request.`,
    expect: `“Request Timed Out”: the server did not answer within ${REPORT_TIMEOUT / 1000} s.`,
    actions: [
      {
        id: "timeout",
        label: "Print the quarterly report",
        // rpc rather than orm: the orm has no per-call settings, and this call needs a timeout. A
        // report only reads, and says so.
        run: (s) =>
          s.rpc(
            "/web/dataset/call_kw/sale.order/print_quarterly_report",
            { model: "sale.order", method: "print_quarterly_report", args: [], kwargs: {} },
            { timeout: REPORT_TIMEOUT, kind: "read" },
          ),
      },
    ],
  },
  {
    id: "session",
    kicker: "Session",
    title: "The session expired",
    text: "The server forgets the session (as when its lifetime runs out); the next call is refused with code 100.",
    expect: "A sign-in dialog: sign in again and the refused call is answered, nothing reloaded or lost. “Not now” shows “Session Expired” with Reload instead.",
    actions: [
      {
        id: "session",
        label: "Expire my session, then load orders",
        run: async (s) => {
          await s.rpc("/demo/session/expire", {});
          const count = await s.orm.searchCount("sale.order", []);
          s.note("session", `Answered after the sign-in: ${formatInteger(count)} orders.`);
        },
      },
    ],
  },
  {
    id: "outage",
    kicker: "Network",
    title: "The server goes away",
    text: `The server stops listening for ${OUTAGE_SECONDS} s. Calls fail; one notice counts down to the next poll until the server answers again.`,
    expect: "One “Connection lost” notice however many calls fail, then “Connection restored”, and the dashboard reloads.",
    actions: [
      {
        id: "outage",
        label: `Stop the server for ${OUTAGE_SECONDS} s`,
        run: async (s) => {
          await s.rpc("/demo/outage", { seconds: OUTAGE_SECONDS });
          // Reload everything: every call fails, and the user still sees a single notice.
          s.bus.trigger("DEMO:DATA_CHANGED");
        },
      },
    ],
  },
  {
    id: "live",
    kicker: "Live data",
    title: "Another user changes what you see",
    text: "The sales administrator confirms one of the quotations you can see, from another session: this tab sends nothing for it. The server pushes records/changed on the bus to every tab that may read the order.",
    expect: "Within a second the order shows as confirmed and the key figures and chart move; the RPC log shows the bus's line (records/changed, sale.order and the id) before the reads it caused. An order form you are editing says so, with Reload and Keep mine.",
    actions: [
      {
        id: "live",
        label: "Another user confirms an order now",
        run: async (s) => {
          // The newest quotation with lines (a total) that this user can see.
          const [id] = await s.orm.search("sale.order", [["state", "in", ["draft", "sent"]], ["amount_total", ">", 0]], { limit: 1, order: "id desc" });
          if (!id) {
            s.note("live", "You have no quotation left to confirm.");
            return;
          }
          const { name, by } = await s.rpc<{ name: string; by: string }>("/demo/confirm_order", { order_id: id });
          s.note("live", `${by} confirmed ${name} from another session: the RPC log shows the bus's line for it.`);
        },
      },
    ],
  },
  {
    id: "caught",
    kicker: "Handled by the caller",
    title: "An error the code catches",
    text: "The same failing report, called inside try/catch. A caught error is the caller's to show: the library shows nothing.",
    expect: "No notification; the message appears below, from the catch block.",
    actions: [
      {
        id: "caught",
        label: "Compute commissions, catching the error",
        run: async (s) => {
          try {
            await s.orm.call("sale.order", "compute_commissions");
            s.note("caught", "No error this time.");
          } catch (error) {
            if (!s.isRPCError(error)) throw error;
            s.note("caught", `Caught ${error.exceptionName} (category "${error.category}"): ${error.userMessage}`);
          }
        },
      },
    ],
  },
];
