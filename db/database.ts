import type Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { fileURLToPath } from 'node:url';
import { openConnection } from './writer-core.js';
import * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
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
