/** setTimeout's ceiling (about 24.8 days); a longer delay would fire at once. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * Every timer the sandbox arms goes through here, so `stop()` can clear them all and a test
 * process exits without waiting for a human-paced lifecycle.
 */
export class Timers {
  readonly #pending = new Set<NodeJS.Timeout>();
  #stopped = false;

  /** Runs `fn` after `ms` unless the sandbox stops first. */
  after(ms: number, fn: () => void): void {
    if (this.#stopped) return;
    const delay = Math.max(0, ms);
    // A SendAt up to 35 days ahead exceeds setTimeout's range: wait in steps.
    const handle = setTimeout(
      () => {
        this.#pending.delete(handle);
        if (delay > MAX_DELAY_MS) this.after(delay - MAX_DELAY_MS, fn);
        else fn();
      },
      Math.min(delay, MAX_DELAY_MS),
    );
    this.#pending.add(handle);
  }

  /** Resolves after `ms`; never resolves if the sandbox stops first (the chain just ends). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.after(ms, resolve));
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  /** Cancels every pending timer; `final` also refuses new ones (used by `stop()`). */
  clear(final = false): void {
    for (const handle of this.#pending) clearTimeout(handle);
    this.#pending.clear();
    if (final) this.#stopped = true;
  }
}
