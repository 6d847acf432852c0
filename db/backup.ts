// Online backup (while the server serves) and restore of the SQLite database.
import Database from 'better-sqlite3';
import { chmodSync, copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { ownerOnly, ownerOnlyIfPresent } from './writer-core.js';

/** Copies the live database to `file` page by page without blocking writers for long; the copy is mode 0600. */
export async function backupDatabase(sqlite: Database.Database, file: string): Promise<void> {
  // Created owner-only before SQLite writes into it (an empty file is an empty database).
  ownerOnly(file);
  await sqlite.backup(file);
  // One self-contained file: out of WAL mode, so opening it read-only leaves no -wal or -shm beside it.
  const copy = new Database(file);
  copy.pragma('journal_mode = DELETE');
  copy.close();
  for (const suffix of ['-wal', '-shm', '-journal']) ownerOnlyIfPresent(`${file}${suffix}`);
}

/** Opens `file` read-only and checks it is a sound Qauipsiz database; returns its report count. */
export function verifyBackup(file: string): { reports: number } {
  const copy = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = copy.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`${file} failed the integrity check: ${String(integrity)}`);
    const hasReports = copy.prepare("select 1 from sqlite_master where type = 'table' and name = 'reports'").get();
    if (!hasReports) throw new Error(`${file} is not a Qauipsiz database`);
    return { reports: (copy.prepare('select count(*) as n from reports').get() as { n: number }).n };
  } finally {
    copy.close();
  }
}

/**
 * Replaces the database at `target` with the verified backup `file`. The server must be stopped;
 * the replaced database is kept beside it as `<target>.before-restore`.
 */
export function restoreDatabase(file: string, target: string): { reports: number } {
  const checked = verifyBackup(file);
  if (existsSync(target)) {
    // Fold the WAL into the old file first so the kept copy is complete.
    const old = new Database(target);
    old.pragma('wal_checkpoint(TRUNCATE)');
    old.close();
    renameSync(target, `${target}.before-restore`);
  }
  for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  copyFileSync(file, target);
  chmodSync(target, 0o600);
  return checked;
}
