// The audit log: append one entry at a time in the caller's transaction, list, and read in order.
import { asc, count, desc } from 'drizzle-orm';
import type { Conn } from '../database.ts';
import { auditLog } from '../schema.ts';

export type AuditRecord = typeof auditLog.$inferSelect;

export function lastAuditEntry(db: Conn): Pick<AuditRecord, 'seq' | 'hash'> | undefined {
  return db.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1).get();
}

export function insertAuditEntry(db: Conn, entry: AuditRecord): void {
  db.insert(auditLog).values(entry).run();
}

export function auditPage(db: Conn, offset: number, limit: number): AuditRecord[] {
  return db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(limit).offset(offset).all();
}

export function auditCount(db: Conn): number {
  return db.select({ n: count() }).from(auditLog).get()?.n ?? 0;
}

/** Every entry in seq order, a page at a time, so a long log is never held in memory at once. */
export function* auditEntriesInOrder(db: Conn, pageSize = 1000): Generator<AuditRecord> {
  for (let offset = 0; ; offset += pageSize) {
    const page = db.select().from(auditLog).orderBy(asc(auditLog.seq)).limit(pageSize).offset(offset).all();
    yield* page;
    if (page.length < pageSize) return;
  }
}
