// Reports: clear metadata, ciphertext fields, key wraps and the keyed lookup, written together.
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../database.ts';
import { preparedOnce } from '../prepared.ts';
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


// drizzle may wrap the driver's error; its code is then on the cause.
const sqliteCode = (error: unknown): string | undefined => (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
const isUniqueViolation = (error: unknown) => ['SQLITE_CONSTRAINT_PRIMARYKEY', 'SQLITE_CONSTRAINT_UNIQUE'].includes(sqliteCode(error) ?? '');

/**
 * A writer of whole reports for db/group-commit.ts. Its statements are prepared once on the
 * connection, so they run inside whatever transaction (and savepoint) the group commit has open.
 */
export function createReportWriter(db: Db): (transaction: unknown, r: NewReport) => void {
  const p = sql.placeholder;
  const insertReport = db
    .insert(reports)
    .values({
      id: p('id'),
      envelopeVersion: p('envelopeVersion'),
      region: p('region'),
      industry: p('industry'),
      category: p('category'),
      groupId: p('groupId'),
      receivedDay: p('receivedDay'),
      acknowledgeDue: p('acknowledgeDue'),
      triageDue: p('triageDue'),
      answerDue: p('answerDue'),
      feedbackDue: p('feedbackDue'),
    })
    .prepare();
  const insertField = db.insert(reportFields).values({ reportId: p('reportId'), field: p('field'), ciphertext: p('ciphertext') }).prepare();
  const insertWrap = db.insert(reportKeyWraps).values({ reportId: p('reportId'), recipientId: p('recipientId'), wrap: p('wrap') }).prepare();
  const insertReporterKey = db.insert(reporterKeys).values({ reportId: p('reportId'), salt: p('salt'), wrap: p('wrap') }).prepare();
  const insertLookup = db.insert(caseLookups).values({ reportId: p('reportId'), lookupHash: p('lookupHash') }).prepare();
  const unique = (run: () => unknown, what: string) => {
    try {
      run();
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateReportError(`${what} already used`);
      throw error;
    }
  };
  return (_transaction, r) => {
    const reportId = r.report.id;
    const { acknowledgeDue = null, triageDue = null, answerDue = null, feedbackDue = null } = r.report;
    unique(() => insertReport.run({ ...r.report, acknowledgeDue, triageDue, answerDue, feedbackDue }), 'report id');
    for (const f of r.fields) insertField.run({ reportId, ...f });
    for (const w of r.recipientWraps) insertWrap.run({ reportId, ...w });
    insertReporterKey.run({ reportId, ...r.reporterKey });
    unique(() => insertLookup.run({ reportId, lookupHash: r.lookupHash }), 'lookup');
  };
}

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
