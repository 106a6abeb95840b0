/** The orders' sortable columns, and how a sort reads: "Order date, newest first", not "date_order desc". */

type Kind = "text" | "date" | "number";

export interface Column {
  field: string;
  label: string;
  kind: Kind;
}

export const COLUMNS: readonly Column[] = [
  { field: "name", label: "Reference", kind: "text" },
  { field: "date_order", label: "Order date", kind: "date" },
  { field: "partner_id", label: "Customer", kind: "text" },
  { field: "user_id", label: "Salesperson", kind: "text" },
  { field: "amount_total", label: "Total", kind: "number" },
  { field: "state", label: "Status", kind: "text" },
];

/** Each kind's words for ascending, then descending. */
const DIRECTIONS: Record<Kind, [string, string]> = {
  text: ["A to Z", "Z to A"],
  date: ["oldest first", "newest first"],
  number: ["lowest first", "highest first"],
};

/** "Order date, newest first" for the order "date_order desc". */
export function describeSort(order: string): string {
  const [field, direction] = order.split(" ");
  const column = COLUMNS.find((candidate) => candidate.field === field);
  if (!column) return order;
  return `${column.label}, ${DIRECTIONS[column.kind][direction === "desc" ? 1 : 0]}`;
}

export function sortArrow(order: string, field: string): string {
  const [current, direction] = order.split(" ");
  return current === field ? (direction === "desc" ? " ▼" : " ▲") : "";
}

export function ariaSort(order: string, field: string): string {
  const [current, direction] = order.split(" ");
  return current === field ? (direction === "desc" ? "descending" : "ascending") : "none";
}

/** The order after a click on `field`'s header: ascending first, then the other way. */
export function nextSort(order: string, field: string): string {
  const [current, direction] = order.split(" ");
  return `${field} ${current === field && direction === "asc" ? "desc" : "asc"}`;
}
