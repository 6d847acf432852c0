// The store of new reports: batches of submissions committed durably (db/group-commit.ts) by
// plain prepared SQLite statements (db/writer-core.js), in a worker thread of their own when the
// database is a file, so the transaction, its fsync and the SQLite work leave the event loop
// that answers reporters. In-process for ':memory:' databases (tests), which another thread
// cannot open.
import type Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';
import { createGroupCommit, WriteError, type GroupCommit, type WriteOutcome } from './group-commit.ts';
import { reportBatchCommitter } from './writer-core.js';

export { backdateFileTimes, isStorageFailure, walSizeLimitBytes } from './writer-core.js';

export type NewReport = {
  report: {
    id: string;
    envelopeVersion: number;
    region: string;
    industry: string;
    category: string;
    groupId: string;
    receivedDay: string;
    acknowledgeDue: string | null;
    triageDue: string | null;
    answerDue: string | null;
    feedbackDue: string | null;
  };
  fields: { field: 'content' | 'contact'; ciphertext: Uint8Array }[];
  recipientWraps: { recipientId: string; wrap: Uint8Array }[];
  reporterKey: { salt: Uint8Array; wrap: Uint8Array };
  lookupHash: Uint8Array;
};

/** The report id or the lookup is taken already. */
export function isDuplicate(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return error instanceof WriteError && (code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE');
}

export type WorkerRequest = { batch: number; reports: NewReport[] };
export type WorkerReply = { batch: number; outcomes: WriteOutcome[] } | { batch: number; commitError: { message: string; code?: string } };

/**
 * A report store on the database file at `path`, written by one worker thread. If the worker
 * dies, the batch it held is rejected (never acknowledged) and the next batch starts a new one.
 */
function workerStore(path: string, onWorker: (worker: Worker) => void): GroupCommit<NewReport> {
  let worker: Worker | null = null;
  let nextBatch = 1;
  const waiting = new Map<number, { resolve: (outcomes: WriteOutcome[]) => void; reject: (error: unknown) => void }>();

  const failAll = (error: Error) => {
    for (const [, entry] of waiting) entry.reject(error);
    waiting.clear();
  };
  const startWorker = (): Worker => {
    const started = new Worker(new URL('./report-writer-worker.js', import.meta.url), {
      workerData: { path },
      // It holds one batch (at most 256 reports, about 1 MB) at a time: a runaway thread stops at
      // these bounds (its batch is refused, the next report starts a new thread) instead of
      // growing the process.
      resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 },
    });
    // Requests in flight keep the process alive, not the writer.
    started.unref();
    onWorker(started);
    started.on('message', (reply: WorkerReply) => {
      const entry = waiting.get(reply.batch);
      if (!entry) return;
      waiting.delete(reply.batch);
      if ('commitError' in reply) entry.reject(new WriteError(reply.commitError));
      else entry.resolve(reply.outcomes);
    });
    started.on('error', (error: Error) => failAll(new WriteError({ message: `report writer failed: ${error.message}`, code: 'WRITER_FAILED' })));
    started.on('exit', () => {
      if (worker === started) worker = null;
      failAll(new WriteError({ message: 'report writer stopped', code: 'WRITER_STOPPED' }));
    });
    return started;
  };
  worker = startWorker();

  return createGroupCommit<NewReport>(
    (reports) =>
      new Promise<WriteOutcome[]>((resolve, reject) => {
        const batch = nextBatch++;
        waiting.set(batch, { resolve, reject });
        worker ??= startWorker();
        worker.postMessage({ batch, reports } satisfies WorkerRequest);
      }),
    async () => {
      const stopping = worker;
      worker = null;
      if (stopping) await stopping.terminate();
    },
  );
}

/**
 * The report store for this connection's database: a worker thread for a file, in-process for
 * ':memory:'. `onWorker` sees each writer thread as it starts (tests).
 */
export function createReportStore(sqlite: Database.Database, options: { onWorker?: (worker: Worker) => void } = {}): GroupCommit<NewReport> {
  if (sqlite.memory) return createGroupCommit(reportBatchCommitter(sqlite));
  return workerStore(sqlite.name, options.onWorker ?? (() => {}));
}
