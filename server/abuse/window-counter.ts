// In-memory counts per key over a sliding window (two fixed windows, the older one weighted by
// how much of it still overlaps). Nothing here is ever written anywhere; a restart forgets all.

export type WindowCounter = {
  /** Counts one event for `key` and returns the events in the last window, this one included. */
  hit: (key: string) => number;
  /** The events in the last window, without counting one. */
  peek: (key: string) => number;
  /** How many keys are held now (bounded by maxKeys per window). */
  size: () => number;
};

export function createWindowCounter(options: { windowMs: number; maxKeys: number; now: () => number }): WindowCounter {
  let windowStart = options.now();
  let current = new Map<string, number>();
  let previous = new Map<string, number>();

  function roll(): number {
    const now = options.now();
    const elapsed = now - windowStart;
    if (elapsed >= 2 * options.windowMs) {
      previous = new Map();
      current = new Map();
      windowStart = now;
    } else if (elapsed >= options.windowMs) {
      previous = current;
      current = new Map();
      windowStart += options.windowMs;
    }
    return (now - windowStart) / options.windowMs;
  }

  function estimate(key: string, fraction: number): number {
    return Math.round((previous.get(key) ?? 0) * (1 - fraction)) + (current.get(key) ?? 0);
  }

  return {
    hit: (key) => {
      const fraction = roll();
      // A flood of distinct keys must not grow memory: past the bound, new keys share one slot.
      const slot = current.has(key) || current.size < options.maxKeys ? key : '\u0000overflow';
      current.set(slot, (current.get(slot) ?? 0) + 1);
      return estimate(slot, fraction);
    },
    peek: (key) => estimate(key, roll()),
    size: () => current.size + previous.size,
  };
}
