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
  migrate(db, { migrationsFolder });
  return { db, sqlite, close: () => sqlite.close() };
}
