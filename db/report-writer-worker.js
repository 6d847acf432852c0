// The report writer's thread (see db/report-writer.ts): one connection, one batch at a time,
// each committed (and fsynced) before its outcomes are posted back. JavaScript, like all it
// imports (db/writer-core.js), so the thread loads no TypeScript stripper.
import { parentPort, workerData } from 'node:worker_threads';
import { backdateFileTimes, insertionOrderShuffler, openConnection, plainError, reportBatchCommitter } from './writer-core.js';

/** @typedef {import('./report-writer.ts').WorkerRequest} WorkerRequest */
/** @typedef {import('./report-writer.ts').WorkerReply} WorkerReply */

const port = parentPort;
if (!port) throw new Error('db/report-writer-worker.js runs as a worker thread');
const path = /** @type {{ path: string }} */ (workerData).path;
const sqlite = openConnection(path);
const commit = reportBatchCommitter(sqlite);
const shuffleStep = insertionOrderShuffler(sqlite);
const checkpoint = sqlite.prepare('PRAGMA wal_checkpoint(TRUNCATE)');

/**
 * Once no batch came for a moment: give the rows appended since the last pass random rowids
 * (insertionOrderShuffler, one small transaction per turn of the event loop, so a batch that
 * arrives meanwhile waits for one of them at most and ends the pass until the next pause), then
 * copy the WAL into the database and cut it to zero bytes, off the busy moments (under load the
 * commit that crosses wal_autocheckpoint copies it back, see db/writer-core.js). Neither waits
 * for the main connection: a lock held there defers the pass, a reader holding the WAL the
 * checkpoint, rather than stall the next batch. Under a flood there is no pause, and the newest
 * rows stay in arrival order until it ends.
 */
const idleMs = 200;
/** @type {NodeJS.Timeout | undefined} */
let idle;
/** @type {NodeJS.Immediate | undefined} */
let nextStep;

function shuffleWhenIdle() {
  sqlite.pragma('busy_timeout = 0');
  /** @type {'done' | 'more' | 'busy'} */
  let state;
  try {
    state = shuffleStep() ? 'done' : 'more';
  } catch (error) {
    // The main connection holds the write lock: try again after a pause. Anything else (a full
    // disk) waits for the next batch's pause.
    state = /** @type {{ code?: unknown }} */ (error ?? {}).code === 'SQLITE_BUSY' ? 'busy' : 'done';
  } finally {
    sqlite.pragma('busy_timeout = 5000');
    // Its commit changed the files' times like a batch's.
    backdateFileTimes(path);
  }
  if (state === 'more') nextStep = setImmediate(shuffleWhenIdle);
  else if (state === 'busy') scheduleIdleWork();
  else truncateWal();
}

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

function scheduleIdleWork() {
  idle = setTimeout(shuffleWhenIdle, idleMs);
  idle.unref();
}

port.on('message', (/** @type {WorkerRequest} */ { batch, reports }) => {
  clearTimeout(idle);
  clearImmediate(nextStep);
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
  scheduleIdleWork();
});

// Rows a previous writer left unshuffled (it stopped mid-pass, or was never idle) get theirs now.
scheduleIdleWork();
