/**
 * Only the last of a widget's overlapping loads shows its answer (as Odoo's KeepLast): a load
 * started earlier may be answered after a later one (a filter chosen while a sort loads, two bursts
 * of another user's changes), and would then put the older answer back on screen. Each load still
 * settles when its answer comes (a widget's onWillStart awaits its first), applied or not; the
 * failure of a load that is no longer the last is dropped too (the last one speaks for the widget).
 */
export function keepLast(): <T>(answer: Promise<T>, apply: (value: T) => void) => Promise<void> {
  let last = 0;
  return async (answer, apply) => {
    const mine = ++last;
    try {
      const value = await answer;
      if (mine === last) apply(value);
    } catch (error) {
      if (mine === last) throw error;
    }
  };
}
