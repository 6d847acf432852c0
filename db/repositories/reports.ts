// Reports as stored: the row with its clear metadata, the ciphertext fields, the key wraps and
// the keyed lookup. New reports are inserted by the report writer (../report-writer.ts); the
// console's workflow columns of a report are cases.ts's.
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Conn, Db } from '../database.ts';
import { preparedOnce } from '../prepared.ts';
import { caseLookups, reportFields, reportKeyWraps, reports } from '../schema.ts';

export type ReportRecord = typeof reports.$inferSelect;
export type ReportField = (typeof reportFields.$inferSelect)['field'];

export function statusByLookupHash(db: Db, lookupHash: Buffer): Pick<ReportRecord, 'status' | 'receivedDay'> | undefined {
  return preparedOnce(db, 'statusByLookupHash', () =>
    db
      .select({ status: reports.status, receivedDay: reports.receivedDay })
      .from(caseLookups)
      .innerJoin(reports, eq(reports.id, caseLookups.reportId))
      .where(eq(caseLookups.lookupHash, sql.placeholder('lookupHash')))
      .prepare(),
  ).get({ lookupHash });
}

export function getReport(db: Conn, reportId: string): ReportRecord | undefined {
  return db.select().from(reports).where(eq(reports.id, reportId)).get();
}

export function listReportsOfGroups(db: Conn, groupIds: string[]): ReportRecord[] {
  if (groupIds.length === 0) return [];
  return db.select().from(reports).where(inArray(reports.groupId, groupIds)).orderBy(reports.receivedDay).all();
}

/** The recipient's key wrap of a report's key, if it holds one. */
export function getWrap(db: Conn, reportId: string, recipientId: string): Buffer | undefined {
  return db
    .select({ wrap: reportKeyWraps.wrap })
    .from(reportKeyWraps)
    .where(and(eq(reportKeyWraps.reportId, reportId), eq(reportKeyWraps.recipientId, recipientId)))
    .get()?.wrap;
}

/** Adds a key wrap; false if that recipient holds one already. */
export function addWrap(db: Conn, reportId: string, recipientId: string, wrap: Buffer): boolean {
  return db.insert(reportKeyWraps).values({ reportId, recipientId, wrap }).onConflictDoNothing().run().changes === 1;
}

/** A report's ciphertext fields and the recipient's key wrap (undefined if it holds none). */
export function reportCiphertexts(db: Conn, reportId: string, recipientId: string) {
  const fields = db.select().from(reportFields).where(eq(reportFields.reportId, reportId)).all();
  return { fields, wrap: getWrap(db, reportId, recipientId) };
}

/** A report with its fields and the recipient's wrap, or undefined if there is no such report. */
export function getReportForRecipient(db: Conn, reportId: string, recipientId: string) {
  const report = getReport(db, reportId);
  return report && { report, ...reportCiphertexts(db, reportId, recipientId) };
}

/**
 * Deletes closed cases closed on or before `cutoffDay`, with their ciphertext, key wraps and
 * lookups (foreign keys cascade; secure_delete zeroes the freed pages), then checkpoints the WAL
 * so the old pages leave it too. Returns how many cases were purged.
 */
export function purgeClosedReports(database: { db: Db; sqlite: { pragma: (source: string) => unknown } }, cutoffDay: string): number {
  const purged = database.db
    .delete(reports)
    .where(and(eq(reports.status, 'closed'), lte(reports.closedDay, cutoffDay)))
    .run().changes;
  if (purged > 0) database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return purged;
}
