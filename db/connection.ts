// One SQLite connection with the pragmas every connection needs. No drizzle here: the report
// writer's worker thread (db/report-writer-worker.ts) opens its connection with this alone.
import Database from 'better-sqlite3';

export function openConnection(path: string): Database.Database {
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  // FULL: an acknowledged report survives a power loss, not only a process crash.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Deleted rows are overwritten with zeros rather than left in free pages.
  sqlite.pragma('secure_delete = ON');
  return sqlite;
}
