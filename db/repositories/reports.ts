// Reports: clear metadata, ciphertext fields, key wraps and the keyed lookup, written together.
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../database.ts';
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

export function listReportsOfGroups(db: Db, groupIds: string[]): ReportRecord[] {
  if (groupIds.length === 0) return [];
  return db.select().from(reports).where(inArray(reports.groupId, groupIds)).orderBy(reports.receivedDay).all();
}

export function getReportForRecipient(db: Db, reportId: string, recipientId: string) {
  const report = db.select().from(reports).where(eq(reports.id, reportId)).get();
  if (!report) return undefined;
  const wrap = db
    .select({ wrap: reportKeyWraps.wrap })
    .from(reportKeyWraps)
    .where(and(eq(reportKeyWraps.reportId, reportId), eq(reportKeyWraps.recipientId, recipientId)))
    .get();
  const fields = db.select().from(reportFields).where(eq(reportFields.reportId, reportId)).all();
  return { report, wrap: wrap?.wrap, fields };
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
