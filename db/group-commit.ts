// Group commit: writes that arrive while a commit is under way wait for the next one, so one
// fsync acknowledges many reports. One batch is committed at a time; each write in it runs in a
// savepoint of its own (savepointCommitter, db/writer-core.js), so one bad write (a duplicate
// id) fails alone and the others still commit.

/** What became of one write of a batch; `error` crosses threads, so it is plain data. */
export type WriteOutcome = { ok: true } | { ok: false; error: { message: string; code?: string } };

export type GroupCommit<T> = {
  /** Resolves once the item's transaction is committed (on disk with synchronous=FULL). */
  write: (item: T) => Promise<void>;
  /** How many items the largest batch so far held (tests: concurrent writes did share commits). */
  largestBatch: () => number;
  /** Waits for writes already asked for, then refuses new ones and releases what commits. */
  close: () => Promise<void>;
};

/** The error a write's promise rejects with: the SQLite code stays on `code`. */
export class WriteError extends Error {
  readonly code: string | undefined;
  constructor(error: { message: string; code?: string }) {
    super(error.message);
    this.name = 'WriteError';
    this.code = error.code;
  }
}

type Pending<T> = { item: T; resolve: () => void; reject: (error: unknown) => void };

/**
 * Batches writes for `commitBatch`, which commits a whole batch durably and says what became of
 * each write, or throws (rejects) when the commit itself failed: then no write of it is
 * acknowledged. `release` runs once on close, after the last batch.
 */
export function createGroupCommit<T>(
  commitBatch: (batch: T[]) => WriteOutcome[] | Promise<WriteOutcome[]>,
  release: () => void | Promise<void> = () => {},
  /** At most this many writes per commit: bounds the memory a commit holds (and hands over to a writer thread). */
  maxBatch = 256,
): GroupCommit<T> {
  let pending: Pending<T>[] = [];
  let committing: Promise<void> | null = null;
  let scheduled = false;
  let closed = false;
  let largest = 0;

  async function commitPending(): Promise<void> {
    while (pending.length > 0) {
      const batch = pending.splice(0, maxBatch);
      largest = Math.max(largest, batch.length);
      let outcomes: WriteOutcome[];
      try {
        outcomes = await commitBatch(batch.map((entry) => entry.item));
      } catch (error) {
        // The commit itself failed (disk full, I/O error): nothing of the batch is acknowledged.
        for (const entry of batch) entry.reject(error);
        continue;
      }
      batch.forEach((entry, i) => {
        const outcome = outcomes[i];
        if (outcome?.ok) entry.resolve();
        else entry.reject(new WriteError(outcome?.error ?? { message: 'no outcome for this write' }));
      });
    }
  }

  function start(): void {
    scheduled = false;
    if (committing) return; // the running loop takes what arrived meanwhile
    committing = commitPending().finally(() => {
      committing = null;
    });
  }

  return {
    write: (item) =>
      new Promise<void>((resolve, reject) => {
        if (closed) return reject(new WriteError({ message: 'the report store is closed', code: 'CLOSED' }));
        pending.push({ item, resolve, reject });
        // Let the writes that arrive in this turn of the event loop join the batch.
        if (!scheduled) {
          scheduled = true;
          setImmediate(start);
        }
      }),
    largestBatch: () => largest,
    close: async () => {
      if (closed) return;
      closed = true;
      while (scheduled || committing || pending.length > 0) {
        if (committing) await committing;
        else await new Promise((resolve) => setImmediate(resolve));
      }
      await release();
    },
  };
}
