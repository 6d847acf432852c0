// The report writer's thread (see db/report-writer.ts): one connection, one batch at a time,
// each committed (and fsynced) before its outcomes are posted back. JavaScript, like all it
// imports (db/writer-core.js), so the thread loads no TypeScript stripper.
import { parentPort, workerData } from 'node:worker_threads';
import { backdateFileTimes, openConnection, plainError, reportBatchCommitter } from './writer-core.js';

/** @typedef {import('./report-writer.ts').WorkerRequest} WorkerRequest */
/** @typedef {import('./report-writer.ts').WorkerReply} WorkerReply */

const port = parentPort;
if (!port) throw new Error('db/report-writer-worker.js runs as a worker thread');
const path = /** @type {{ path: string }} */ (workerData).path;
const sqlite = openConnection(path);
const commit = reportBatchCommitter(sqlite);
const checkpoint = sqlite.prepare('PRAGMA wal_checkpoint(TRUNCATE)');

/**
 * Once no batch came for a moment, copy the WAL into the database and cut it to zero bytes, off
 * the busy moments (under load the commit that crosses wal_autocheckpoint copies it back, see
 * db/writer-core.js). Without waiting for readers: a reader that holds the WAL makes it wait for
 * the next pause rather than stall the next batch.
 */
const idleCheckpointMs = 200;
function truncateWal() {
  sqlite.pragma('busy_timeout = 0');
  try {
    checkpoint.get();
  } catch {
    // A checkpoint that cannot run now (the database is busy, the disk full) runs at the next pause or the next mark.
  } finally {
    sqlite.pragma('busy_timeout = 5000');
    backdateFileTimes(path);
  }
}
/** @type {NodeJS.Timeout | undefined} */
let idle;

port.on('message', (/** @type {WorkerRequest} */ { batch, reports }) => {
  clearTimeout(idle);
  /** @type {WorkerReply} */
  let reply;
  try {
    reply = { batch, outcomes: commit(reports) };
  } catch (error) {
    reply = { batch, commitError: plainError(error) };
  }
  // Before the answer, so no reporter is ever told "received" while the files still show the time.
  backdateFileTimes(path);
  port.postMessage(reply);
  idle = setTimeout(truncateWal, idleCheckpointMs);
  idle.unref();
});
