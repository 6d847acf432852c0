// Group commit: writes that arrive while the event loop is busy share one durable transaction,
// so one fsync acknowledges many reports. Each write runs in its own savepoint, so one bad write
// (a duplicate id) fails alone and the others still commit.
import type { Db } from './database.ts';

type Transaction = Parameters<Parameters<Db['transaction']>[0]>[0];
type Pending<T> = { item: T; resolve: () => void; reject: (error: unknown) => void };

export type GroupCommit<T> = {
  /** Resolves once the item's transaction is committed (on disk with synchronous=FULL). */
  write: (item: T) => Promise<void>;
  /** How many items the largest batch so far held (for the benchmark's notes). */
  largestBatch: () => number;
};

export function createGroupCommit<T>(db: Db, writeOne: (tx: Transaction, item: T) => void): GroupCommit<T> {
  let pending: Pending<T>[] = [];
  let largest = 0;

  function flush(): void {
    const batch = pending;
    pending = [];
    largest = Math.max(largest, batch.length);
    const failures = new Map<Pending<T>, unknown>();
    try {
      db.transaction((tx) => {
        for (const entry of batch) {
          try {
            tx.transaction((savepoint) => writeOne(savepoint, entry.item));
          } catch (error) {
            failures.set(entry, error);
          }
        }
      });
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing of the batch is acknowledged.
      for (const entry of batch) entry.reject(error);
      return;
    }
    for (const entry of batch) {
      if (failures.has(entry)) entry.reject(failures.get(entry));
      else entry.resolve();
    }
  }

  return {
    write: (item) =>
      new Promise<void>((resolve, reject) => {
        if (pending.push({ item, resolve, reject }) === 1) setImmediate(flush);
      }),
    largestBatch: () => largest,
  };
}
