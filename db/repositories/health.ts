import { sql } from 'drizzle-orm';
import type { Db } from '../database.ts';

/** True when a trivial query succeeds. */
export function databaseAnswers(db: Db): boolean {
  try {
    db.get(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
