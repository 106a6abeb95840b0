/** The order form's lines: what is wrong with them, and the one2many commands that save them. */
import type { OrderLineCommand } from "../../types";

/** A line as the form edits it. */
export interface Line {
  key: number;
  /** The line's id on the server, for a line of the order being edited. */
  lineId?: number;
  productId: number;
  quantity: number;
  price: number;
}

/** What is wrong with an order of `partnerId` and `lines`, each naming where. */
export function checkOrder(partnerId: number, lines: Line[]): string[] {
  const errors: string[] = [];
  if (!partnerId) errors.push("Choose a customer.");
  if (!lines.length) errors.push("Add at least one product.");
  lines.forEach((line, index) => {
    if (!Number.isInteger(line.quantity) || line.quantity < 1) errors.push(`Line ${index + 1}: the quantity must be a whole number of at least 1.`);
    if (!Number.isFinite(line.price) || line.price < 0) errors.push(`Line ${index + 1}: the unit price must be 0 or more.`);
  });
  return errors;
}

/** The one2many commands of `lines`: new ones created; of a saved order (`original`, its lines' ids), kept ones updated and removed ones deleted. */
export function lineCommands(lines: Line[], original: number[]): OrderLineCommand[] {
  const kept = new Set(lines.map((line) => line.lineId));
  return [
    ...lines.map((line): OrderLineCommand => {
      const vals = { product_id: line.productId, product_uom_qty: line.quantity, price_unit: line.price };
      return line.lineId ? [1, line.lineId, vals] : [0, 0, vals];
    }),
    ...original.filter((id) => !kept.has(id)).map((id): OrderLineCommand => [2, id]),
  ];
}
