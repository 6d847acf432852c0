// The report writer's thread (see db/report-writer.ts): one connection, one batch at a time,
// each committed (and fsynced) before its outcomes are posted back.
import { parentPort, workerData } from 'node:worker_threads';
import { openConnection } from './connection.ts';
import { reportBatchCommitter, type WorkerReply, type WorkerRequest } from './report-writer.ts';

const port = parentPort;
if (!port) throw new Error('db/report-writer-worker.ts runs as a worker thread');
const sqlite = openConnection((workerData as { path: string }).path);
const commit = reportBatchCommitter(sqlite);

port.on('message', ({ batch, reports }: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { batch, outcomes: commit(reports) };
  } catch (error) {
    const { message, code } = error as { message?: unknown; code?: unknown };
    reply = { batch, commitError: { message: String(message ?? error), ...(typeof code === 'string' ? { code } : {}) } };
  }
  port.postMessage(reply);
});
