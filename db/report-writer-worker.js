// The report writer's thread (see db/report-writer.ts): one connection, one batch at a time,
// each committed (and fsynced) before its outcomes are posted back. JavaScript, like all it
// imports (db/writer-core.js), so the thread loads no TypeScript stripper.
import { parentPort, workerData } from 'node:worker_threads';
import { openConnection, plainError, reportBatchCommitter } from './writer-core.js';

/** @typedef {import('./report-writer.ts').WorkerRequest} WorkerRequest */
/** @typedef {import('./report-writer.ts').WorkerReply} WorkerReply */

const port = parentPort;
if (!port) throw new Error('db/report-writer-worker.js runs as a worker thread');
const commit = reportBatchCommitter(openConnection(/** @type {{ path: string }} */ (workerData).path));

port.on('message', (/** @type {WorkerRequest} */ { batch, reports }) => {
  /** @type {WorkerReply} */
  let reply;
  try {
    reply = { batch, outcomes: commit(reports) };
  } catch (error) {
    reply = { batch, commitError: plainError(error) };
  }
  port.postMessage(reply);
});
