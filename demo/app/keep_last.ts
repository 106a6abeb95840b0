/**
 * Only the last of a widget's overlapping loads shows its answer (Odoo's KeepLast): a load started
 * earlier may be answered after a later one (a filter chosen while a sort loads, two bursts of
 * another user's changes), and would then put the older answer back on screen. An answer that is
 * no longer the last never settles, so nothing after its await runs.
 */
export function keepLast(): <T>(answer: Promise<T>) => Promise<T> {
  let last = 0;
  return (answer) => {
    const mine = ++last;
    return answer.then((value) => (mine === last ? value : new Promise<never>(() => undefined)));
  };
}
