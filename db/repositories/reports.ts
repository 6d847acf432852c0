// Reports: clear metadata, ciphertext fields, key wraps and the keyed lookup, written together.
import { and, eq, inArray, lte } from 'drizzle-orm';
import type { Db } from '../database.ts';
import { caseLookups, reportFields, reportKeyWraps, reporterKeys, reports } from '../schema.ts';

export type ReportRecord = typeof reports.$inferSelect;
export type ReportField = (typeof reportFields.$inferSelect)['field'];

export type NewReport = {
  report: typeof reports.$inferInsert;
  fields: { field: ReportField; ciphertext: Buffer }[];
  recipientWraps: { recipientId: string; wrap: Buffer }[];
  reporterKey: { salt: Buffer; wrap: Buffer };
  lookupHash: Buffer;
};

export class DuplicateReportError extends Error {}

type Writer = Pick<Db, 'insert'>;

// drizzle may wrap the driver's error; its code is then on the cause.
const sqliteCode = (error: unknown): string | undefined => (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
const isUniqueViolation = (error: unknown) => ['SQLITE_CONSTRAINT_PRIMARYKEY', 'SQLITE_CONSTRAINT_UNIQUE'].includes(sqliteCode(error) ?? '');

/** Writes a whole report; the caller provides the transaction (see db/group-commit.ts). */
export function writeReport(tx: Writer, r: NewReport): void {
  const reportId = r.report.id;
  try {
    tx.insert(reports).values(r.report).run();
  } catch (error) {
    if (isUniqueViolation(error)) throw new DuplicateReportError('report id already used');
    throw error;
  }
  tx.insert(reportFields).values(r.fields.map((f) => ({ reportId, ...f }))).run();
  tx.insert(reportKeyWraps).values(r.recipientWraps.map((w) => ({ reportId, ...w }))).run();
  tx.insert(reporterKeys).values({ reportId, ...r.reporterKey }).run();
  try {
    tx.insert(caseLookups).values({ reportId, lookupHash: r.lookupHash }).run();
  } catch (error) {
    if (isUniqueViolation(error)) throw new DuplicateReportError('lookup already used');
    throw error;
  }
}

export function statusByLookupHash(db: Db, lookupHash: Buffer): Pick<ReportRecord, 'status' | 'receivedDay'> | undefined {
  return db
    .select({ status: reports.status, receivedDay: reports.receivedDay })
    .from(caseLookups)
    .innerJoin(reports, eq(reports.id, caseLookups.reportId))
    .where(eq(caseLookups.lookupHash, lookupHash))
    .get();
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
