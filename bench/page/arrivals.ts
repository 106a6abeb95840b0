// When each bus notification reached this tab (epoch ms: timeOrigin + now, the clock the bench's
// process reads too), and a wait for one of them: the bench learns a write's bus id from a socket
// of its own, then asks every tab when that id came.

export const epochNow = () => performance.timeOrigin + performance.now();

export class Arrivals {
  readonly #at = new Map<number, number>();
  readonly #waiting = new Map<number, Set<(at: number) => void>>();

  /** Notes `id` as come now (the first time only). */
  add(id: number): void {
    if (this.#at.has(id)) return;
    const at = epochNow();
    this.#at.set(id, at);
    for (const resolve of this.#waiting.get(id) ?? []) resolve(at);
    this.#waiting.delete(id);
  }

  ids(): number[] {
    return [...this.#at.keys()];
  }

  /** When `id` came: at once if it has, else when it does, or null after `timeout` ms (missed). */
  of(id: number, timeout: number): Promise<number | null> {
    const known = this.#at.get(id);
    if (known !== undefined) return Promise.resolve(known);
    return new Promise((resolve) => {
      const waiting = this.#waiting.get(id) ?? new Set();
      this.#waiting.set(id, waiting);
      const done = (at: number | null) => {
        clearTimeout(timer);
        waiting.delete(done);
        resolve(at);
      };
      const timer = setTimeout(() => done(null), timeout);
      waiting.add(done);
    });
  }
}
