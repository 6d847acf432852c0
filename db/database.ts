import type Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { fileURLToPath } from 'node:url';
import { openConnection } from './writer-core.js';
import * as schema from './schema.ts';

/** The database handle: drizzle over one better-sqlite3 connection (`$client`, for the few prepared statements of their own). */
export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** The handle inside `db.transaction(...)`: the same queries as `Db`, without `$client`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** What a repository function runs on: the database, or a transaction open on it. */
export type Conn = Db | Tx;
export type OpenDatabase = { db: Db; sqlite: Database.Database; close: () => void };

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * Opens (or creates) the database at `path` (':memory:' for tests), sets the pragmas every
 * connection needs and applies all committed migrations.
 */
export function openDatabase(path: string): OpenDatabase {
  const sqlite = openConnection(path);
  const db = drizzle(sqlite, { schema });
  migrateWithoutCascades(sqlite, () => migrate(db, { migrationsFolder }));
  return { db, sqlite, close: () => sqlite.close() };
}

/** How many migrations the database has had (drizzle's own table; none before the first). */
function appliedMigrations(sqlite: Database.Database): number {
  const table = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
  return table === undefined ? 0 : (sqlite.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get() as number);
}

/**
 * Runs the migrations with foreign keys off, then checks every foreign key. A migration that
 * rebuilds a table drops the old one, and with foreign keys on that DROP deletes the rows of
 * every table referring to it ON DELETE CASCADE (case events, notes, ciphertext). The pragma cannot change inside drizzle's transaction, hence around it.
 */
function migrateWithoutCascades(sqlite: Database.Database, run: () => void): void {
  sqlite.pragma('foreign_keys = OFF');
  try {
    const before = appliedMigrations(sqlite);
    run();
    // Checking a million cases' keys takes a while: only when a migration ran.
    if (appliedMigrations(sqlite) === before) return;
    const broken = sqlite.pragma('foreign_key_check') as { table: string; parent: string }[];
    if (broken.length > 0) {
      const pairs = [...new Set(broken.map((b) => `${b.table} → ${b.parent}`))].join(', ');
      throw new Error(`the database has ${broken.length} rows whose foreign key points nowhere (${pairs}); restore a backup`);
    }
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }
}
