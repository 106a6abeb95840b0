/**
 * Errors already shown to the user by the library (the failure page of a root that could not
 * start): the error display does not show them again when nobody catches them.
 */
const shown = new WeakSet<object>();

export function markShown(error: unknown): void {
  if (typeof error === "object" && error !== null) shown.add(error);
}

export function wasShown(error: unknown): boolean {
  return typeof error === "object" && error !== null && shown.has(error);
}
