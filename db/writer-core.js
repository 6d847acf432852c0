// The SQL of writing new reports, shared by the report writer's thread and the in-process store
// (db/report-writer.ts). Plain JavaScript, typed by JSDoc and checked by tsc: the writer's thread
// loads no TypeScript, so Node does not load its type stripper there (17 MiB of memory per
// thread, measured), nor drizzle. The statements name the columns of db/schema.ts by hand; the
// tests that submit and read back reports catch any mismatch.
import Database from 'better-sqlite3';
import { getRandomValues } from 'node:crypto';
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
 * @param {() => void} [beforeBatch] runs first in the transaction
 * @returns {(batch: T[]) => WriteOutcome[]}
 */
export function savepointCommitter(sqlite, writeOne, beforeBatch = () => {}) {
  const savepoint = sqlite.prepare('SAVEPOINT item');
  const releaseSavepoint = sqlite.prepare('RELEASE item');
  const rollbackSavepoint = sqlite.prepare('ROLLBACK TO item');
  const inTransaction = sqlite.transaction(
    /** @param {T[]} batch */
    (batch) => {
      beforeBatch();
      return batch.map(
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
      );
    },
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
 * Rows are appended (rowid tables; their order is shuffled later, insertionOrderShuffler), and
 * the tables' unique indexes are keyed by random ids: inserted in id order, a batch's neighbours
 * share index pages. The outcomes keep the batch's order.
 * @param {Database.Database} sqlite
 * @returns {(batch: NewReport[]) => WriteOutcome[]}
 */
export function reportBatchCommitter(sqlite) {
  const commit = savepointCommitter(sqlite, reportInserter(sqlite), watermarkLowerer(sqlite));
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
 * Keeps every appended row above its table's watermark: a rowid table appends at max(rowid) + 1,
 * so once the rows at the top were deleted (a purge) new rows could land at or below the
 * watermark and never be shuffled. Run in the batch's transaction before its inserts; every row
 * at or below the lowered mark was at or below the old one, so shuffled already.
 * @param {Database.Database} sqlite
 * @returns {() => void}
 */
function watermarkLowerer(sqlite) {
  const lowers = shuffledTables.map((table) =>
    sqlite.prepare(
      `UPDATE ordering_watermarks SET shuffled_through = (SELECT coalesce(max(rowid), 0) FROM ${table}) WHERE table_name = '${table}' AND shuffled_through > (SELECT coalesce(max(rowid), 0) FROM ${table})`,
    ),
  );
  return () => {
    for (const lower of lowers) lower.run();
  };
}

/**
 * SQLite's order of text keys (BINARY collation: UTF-8 bytes; the ids are ASCII).
 * @param {string} a
 * @param {string} b
 */
const compareIds = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** The report tables whose rows get random rowids once written (migration 0005, ordering_watermarks). */
export const shuffledTables = /** @type {const} */ (['reports', 'report_fields', 'report_key_wraps', 'reporter_keys', 'case_lookups']);

/** Rows moved per transaction: a batch that arrives meanwhile waits for one such transaction at most. */
export const shuffleChunkRows = 200;

/** New rowids are drawn from [1, 2^62): appends (max(rowid) + 1) keep 2^62 rowids of room above. */
const rowidRange = 1n << 62n;

/** A uniformly random rowid in [1, 2^62). */
function randomRowid() {
  for (;;) {
    const [word = 0n] = getRandomValues(new BigUint64Array(1));
    const rowid = word & (rowidRange - 1n);
    if (rowid !== 0n) return rowid;
  }
}

/**
 * Gives the rows appended to the report tables since the last pass random rowids, one small
 * immediate transaction per call, so the file no longer numbers reports in the order they
 * arrived. Appending stays the fast path of a submission; this runs when the writer is idle
 * (db/report-writer-worker.js). Per table, ordering_watermarks holds the rowid through which
 * every row has been moved; rows above it are taken in rowid order, at most shuffleChunkRows
 * per transaction, and each gets a fresh random rowid (drawn again on a collision). Rows moved
 * in this pass may land above the watermark too: they are remembered and skipped, and once none
 * is left unmoved the watermark becomes the table's highest rowid. Foreign keys name ids, never
 * rowids; secure_delete zeroes the cells left behind.
 * @param {Database.Database} sqlite
 * @returns {() => boolean} one step: true once every table is shuffled through (nothing written if nothing was new)
 */
export function insertionOrderShuffler(sqlite) {
  const steps = shuffledTables.map((table) => tableShuffler(sqlite, table));
  // Rows appended above a table's watermark: a batch committed during a pass may have added some to
  // a table the pass had already finished.
  const appended = sqlite.prepare(
    `SELECT EXISTS (SELECT 1 FROM ordering_watermarks w WHERE ${shuffledTables
      .map((table) => `(w.table_name = '${table}' AND (SELECT coalesce(max(rowid), 0) FROM ${table}) > w.shuffled_through)`)
      .join(' OR ')})`,
  ).pluck();
  let current = 0;
  return () => {
    const step = /** @type {() => boolean} */ (steps[current]);
    if (!step()) return false;
    current = (current + 1) % steps.length;
    // A pass ends only when no table has rows it has not moved; otherwise it goes round again.
    return current === 0 && appended.get() === 0;
  };
}

/**
 * One table's part of insertionOrderShuffler: one transaction per call, true once the table is done.
 * @param {Database.Database} sqlite
 * @param {(typeof shuffledTables)[number]} table
 * @returns {() => boolean}
 */
function tableShuffler(sqlite, table) {
  const readWatermark = sqlite.prepare('SELECT shuffled_through FROM ordering_watermarks WHERE table_name = ?').pluck().safeIntegers();
  const writeWatermark = sqlite.prepare(
    'INSERT INTO ordering_watermarks (table_name, shuffled_through) VALUES (?, ?) ON CONFLICT (table_name) DO UPDATE SET shuffled_through = excluded.shuffled_through',
  );
  const rowsAbove = sqlite.prepare(`SELECT rowid FROM ${table} WHERE rowid > ? ORDER BY rowid`).pluck().safeIntegers();
  const highestRowid = sqlite.prepare(`SELECT max(rowid) FROM ${table}`).pluck().safeIntegers();
  const moveRow = sqlite.prepare(`UPDATE ${table} SET rowid = ? WHERE rowid = ?`);
  /** @type {Set<bigint>} Rowids given in the current pass that may lie above the watermark (already random). */
  const moved = new Set();

  /** @param {bigint} rowid */
  const move = (rowid) => {
    for (let attempt = 1; ; attempt++) {
      const target = randomRowid();
      try {
        moveRow.run(target, rowid);
        moved.add(target);
        return;
      } catch (error) {
        // Another row has that rowid (about n / 2^62): draw again.
        const code = /** @type {{ code?: unknown }} */ (error ?? {}).code;
        if (attempt >= 5 || typeof code !== 'string' || !code.startsWith('SQLITE_CONSTRAINT')) throw error;
      }
    }
  };

  const step = sqlite.transaction(() => {
    const watermark = /** @type {bigint | undefined} */ (readWatermark.get(table)) ?? 0n;
    /** @type {bigint[]} */
    const unmoved = [];
    let exhausted = true;
    for (const rowid of /** @type {IterableIterator<bigint>} */ (rowsAbove.iterate(watermark))) {
      if (moved.has(rowid)) continue;
      if (unmoved.length === shuffleChunkRows) {
        exhausted = false;
        break;
      }
      unmoved.push(rowid);
    }
    for (const rowid of unmoved) move(rowid);
    // Every row up to the last one moved now is random; when none was left, every row is.
    const through = exhausted ? (/** @type {bigint | null} */ (highestRowid.get()) ?? 0n) : /** @type {bigint} */ (unmoved.at(-1));
    if (through !== watermark) writeWatermark.run(table, through);
    if (exhausted) moved.clear();
    else for (const rowid of moved) if (rowid <= through) moved.delete(rowid);
    return exhausted;
  });
  return () => {
    try {
      return step.immediate();
    } catch (error) {
      // Rolled back: what it noted as moved may not be. Forgetting all only costs moving some twice.
      moved.clear();
      throw error;
    }
  };
}
