// The SQL of writing new reports, shared by the report writer's thread and the in-process store
// (db/report-writer.ts). Plain JavaScript, typed by JSDoc and checked by tsc: the writer's thread
// loads no TypeScript, so Node does not load its type stripper there (17 MiB of memory per
// thread, measured), nor drizzle. The statements name the columns of db/schema.ts by hand; the
// tests that submit and read back reports catch any mismatch.
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, openSync, utimesSync } from 'node:fs';

/** @typedef {import('./report-writer.ts').NewReport} NewReport */
/** @typedef {import('./group-commit.ts').WriteOutcome} WriteOutcome */

/**
 * One SQLite connection with the pragmas every connection needs.
 * @param {string} path
 * @returns {Database.Database}
 */
export function openConnection(path) {
  ownerOnly(path);
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  // SQLite gives -wal and -shm the main file's mode when it creates them; older ones are tightened.
  if (isFile(path)) for (const suffix of ['-wal', '-shm']) ownerOnlyIfPresent(`${path}${suffix}`);
  // FULL: an acknowledged report survives a power loss, not only a process crash.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Deleted rows are overwritten with zeros rather than left in free pages.
  sqlite.pragma('secure_delete = ON');
  // SQLite's own default page cache (2 MiB; better-sqlite3 raises it to 16 MiB), per connection:
  // it is resident memory, and the operating system caches the file anyway (measured: -14 MiB a
  // connection, no change in the status check's latency at 1,000,000 cases).
  sqlite.pragma('cache_size = -2000');
  // Copy the WAL back into the database after 2,000 pages (8 MiB) rather than SQLite's 1,000:
  // fewer, larger checkpoints, each page copied once however often it changed meanwhile, while a
  // full disk's freed space is not all eaten by the WAL again (a report's commit adds ~30 KB to
  // it). The commit that crosses the mark runs the checkpoint, busy or not; the writer's thread
  // also truncates the WAL whenever it has been idle a moment (db/report-writer-worker.js).
  sqlite.pragma(`wal_autocheckpoint = ${walCheckpointPages}`);
  // Once checkpointed, a WAL that grew past this is cut back to it rather than kept at its peak.
  sqlite.pragma(`journal_size_limit = ${walSizeLimitBytes}`);
  return sqlite;
}

/** Whether `path` names a file on disk rather than SQLite's ':memory:' or a temporary database. */
const isFile = (/** @type {string} */ path) => path !== '' && path !== ':memory:' && !path.startsWith('file:');

/**
 * Creates the database file as mode 0600 before SQLite opens it (umask-independent: chmod after
 * create), and tightens one left 0644 by an older version.
 * @param {string} path
 */
export function ownerOnly(path) {
  if (!isFile(path)) return;
  closeSync(openSync(path, 'a', 0o600));
  chmodSync(path, 0o600);
}

/** @param {string} path */
export function ownerOnlyIfPresent(path) {
  if (existsSync(path)) chmodSync(path, 0o600);
}

/**
 * Sets the access and modification times of the database, its WAL and its shared-memory file
 * to 00:00:00 UTC of the current day, so that the files' times never place a report (or a
 * console action) within the day: run after every write. Never fails the write it follows (that
 * is committed already): a file that is missing or will not take the time is left as it is.
 * @param {string} path the database file (no-op for ':memory:')
 * @param {Date} [now]
 */
export function backdateFileTimes(path, now = new Date()) {
  if (!isFile(path)) return;
  const midnight = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  for (const suffix of ['', '-wal', '-shm']) {
    try {
      utimesSync(`${path}${suffix}`, midnight, midnight);
    } catch {
      // Missing (no WAL yet) or not ours to change: nothing to hide in it, or nothing we can do.
    }
  }
}

/** Pages of WAL after which a commit copies them back into the database (4 KiB pages). */
export const walCheckpointPages = 2000;
/** The size a checkpointed WAL file is cut back to. */
export const walSizeLimitBytes = walCheckpointPages * 4096;

/**
 * Whether a failed write failed for lack of space or a failing disk (SQLite's SQLITE_FULL and
 * SQLITE_IOERR*, Node's ENOSPC and EIO), rather than for what was written.
 * @param {unknown} error
 * @returns {boolean}
 */
export function isStorageFailure(error) {
  const code = /** @type {{ code?: unknown }} */ (error ?? {}).code;
  return typeof code === 'string' && (code === 'SQLITE_FULL' || code === 'SQLITE_IOERR' || code.startsWith('SQLITE_IOERR_') || code === 'ENOSPC' || code === 'EIO' || code === 'EDQUOT');
}

/**
 * Runs `writeOne` for every item inside one immediate transaction, each in a savepoint: a write
 * that throws is rolled back alone. Throws when the commit fails (nothing of the batch stays).
 * @template T
 * @param {Database.Database} sqlite
 * @param {(item: T) => void} writeOne
 * @returns {(batch: T[]) => WriteOutcome[]}
 */
export function savepointCommitter(sqlite, writeOne) {
  const savepoint = sqlite.prepare('SAVEPOINT item');
  const releaseSavepoint = sqlite.prepare('RELEASE item');
  const rollbackSavepoint = sqlite.prepare('ROLLBACK TO item');
  const inTransaction = sqlite.transaction(
    /** @param {T[]} batch */
    (batch) =>
      batch.map(
        /** @returns {WriteOutcome} */
        (item) => {
          savepoint.run();
          try {
            writeOne(item);
            releaseSavepoint.run();
            return { ok: true };
          } catch (error) {
            // A full disk or an I/O error may have rolled back the whole transaction: then the
            // batch fails as one, with that error (none of it is acknowledged).
            if (!sqlite.inTransaction) throw error;
            rollbackSavepoint.run();
            releaseSavepoint.run();
            return { ok: false, error: plainError(error) };
          }
        },
      ),
  );
  return (batch) => inTransaction.immediate(batch);
}

/**
 * An error as data that crosses threads: its message and SQLite code.
 * @param {unknown} error
 * @returns {{ message: string; code?: string }}
 */
export function plainError(error) {
  const { message, code } = /** @type {{ message?: unknown; code?: unknown }} */ (error ?? {});
  return { message: String(message ?? error), ...(typeof code === 'string' ? { code } : {}) };
}

/**
 * Inserts one whole report on `sqlite` (inside the caller's transaction).
 * @param {Database.Database} sqlite
 * @returns {(report: NewReport) => void}
 */
export function reportInserter(sqlite) {
  const insertReport = sqlite.prepare(
    'INSERT INTO reports (id, envelope_version, region, industry, category, group_id, received_day, acknowledge_due, triage_due, answer_due, feedback_due) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertField = sqlite.prepare('INSERT INTO report_fields (report_id, field, ciphertext) VALUES (?, ?, ?)');
  const insertWrap = sqlite.prepare('INSERT INTO report_key_wraps (report_id, recipient_id, wrap) VALUES (?, ?, ?)');
  const insertReporterKey = sqlite.prepare('INSERT INTO reporter_keys (report_id, salt, wrap) VALUES (?, ?, ?)');
  const insertLookup = sqlite.prepare('INSERT INTO case_lookups (report_id, lookup_hash) VALUES (?, ?)');
  return ({ report: m, fields, recipientWraps, reporterKey, lookupHash }) => {
    insertReport.run(m.id, m.envelopeVersion, m.region, m.industry, m.category, m.groupId, m.receivedDay, m.acknowledgeDue, m.triageDue, m.answerDue, m.feedbackDue);
    for (const f of fields) insertField.run(m.id, f.field, f.ciphertext);
    for (const w of recipientWraps) insertWrap.run(m.id, w.recipientId, w.wrap);
    insertReporterKey.run(m.id, reporterKey.salt, reporterKey.wrap);
    insertLookup.run(m.id, lookupHash);
  };
}

/**
 * Commits batches of reports on `sqlite`: what the writer's thread runs, and the in-process store.
 * The report tables are keyed by random ids (WITHOUT ROWID, migration 0005), so each insert lands
 * at a random place in their b-trees; inserted in id order, a batch's neighbours share pages
 * (measured: a sixth less time for batches of 200). The outcomes keep the batch's order.
 * @param {Database.Database} sqlite
 * @returns {(batch: NewReport[]) => WriteOutcome[]}
 */
export function reportBatchCommitter(sqlite) {
  const commit = savepointCommitter(sqlite, reportInserter(sqlite));
  return (batch) => {
    const order = batch.map((_, i) => i).sort((a, b) => compareIds(batch[a]?.report.id ?? '', batch[b]?.report.id ?? '') || a - b);
    const sortedOutcomes = commit(order.map((i) => /** @type {NewReport} */ (batch[i])));
    /** @type {WriteOutcome[]} */
    const outcomes = new Array(batch.length);
    order.forEach((i, k) => {
      outcomes[i] = /** @type {WriteOutcome} */ (sortedOutcomes[k]);
    });
    return outcomes;
  };
}

/**
 * SQLite's order of text keys (BINARY collation: UTF-8 bytes; the ids are ASCII).
 * @param {string} a
 * @param {string} b
 */
const compareIds = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
