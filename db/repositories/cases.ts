// Cases: a report as the console works it. Owns case_events, case_notes and the workflow columns
// of reports (status, outcome, closed day, severity, group flag, assignee, the four due days);
// the queue (filters, sort, pages, counters, in SQL on clear metadata) and statistics.
import { and, asc, count, desc, eq, gte, inArray, isNull, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { CaseFilters } from '../../contract/console-api.ts';
import type { CaseSort, CaseStatus, DeadlineStage, SortOrder } from '../../contract/domain.ts';
import type { Conn, Db } from '../database.ts';
import { caseEvents, caseNotes, groupMembers, reportKeyWraps, reports } from '../schema.ts';
import type { ReportRecord } from './reports.ts';

export type CaseEvent = typeof caseEvents.$inferSelect;
export type CaseNote = typeof caseNotes.$inferSelect;
type DueStage = DeadlineStage;

const dueColumn = {
  acknowledge: reports.acknowledgeDue,
  triage: reports.triageDue,
  answer: reports.answerDue,
  feedback: reports.feedbackDue,
} as const;

/** Cases a staff member may see: those of their groups and those they hold a key wrap for. */
function visibleTo(viewerId: string): SQL {
  // The cases of the viewer's groups and those shared with them, as one id set that SQLite builds
  // from two indexes (group, wrap recipient) and probes by primary key; an OR with EXISTS here
  // made every queue page scan all reports (88 ms at 100,000 cases; see test/bench).
  return sql`${reports.id} in (
    select ${reports.id} from ${reports} where ${reports.groupId} in (select ${groupMembers.groupId} from ${groupMembers} where ${groupMembers.recipientId} = ${viewerId})
    union
    select ${reportKeyWraps.reportId} from ${reportKeyWraps} where ${reportKeyWraps.recipientId} = ${viewerId})`;
}

/** Which statuses keep each stage pending, so "overdue" is plain SQL over the stored due days. */
export type PendingRules = Readonly<Record<DueStage, readonly CaseStatus[]>>;

function overdueCondition(today: string, rules: PendingRules): SQL {
  return or(
    ...(Object.keys(dueColumn) as DueStage[]).map((stage) =>
      and(inArray(reports.status, [...rules[stage]]), sql`${dueColumn[stage]} < ${today}`),
    ),
  )!;
}

/** The queue's filters (an assignee is an account id, or 'none' for unassigned cases) and what the SQL needs besides. */
export type QueueSelection = CaseFilters & {
  viewerId: string;
  overdueOnly: boolean;
  today: string;
  pending: PendingRules;
  /** The stage that binds a case next in each status (null once closed), for sorting by deadline. */
  nextStage: Readonly<Record<CaseStatus, DueStage | null>>;
  sort: CaseSort;
  order: SortOrder;
  page: number;
  pageSize: number;
};

export function queryQueue(db: Conn, q: QueueSelection) {
  const visible = visibleTo(q.viewerId);
  const conditions: (SQL | undefined)[] = [
    visible,
    q.status ? eq(reports.status, q.status) : undefined,
    q.category ? eq(reports.category, q.category) : undefined,
    q.region ? eq(reports.region, q.region) : undefined,
    q.industry ? eq(reports.industry, q.industry) : undefined,
    q.severity ? eq(reports.severity, q.severity) : undefined,
    q.assignee === 'none' ? isNull(reports.assigneeId) : q.assignee ? eq(reports.assigneeId, q.assignee) : undefined,
    q.overdueOnly ? overdueCondition(q.today, q.pending) : undefined,
  ];
  const where = and(...conditions.filter((c): c is SQL => c !== undefined));
  const nextDue = sql`case ${reports.status} ${sql.join(
    (Object.entries(q.nextStage) as [CaseStatus, DueStage | null][]).map(([status, stage]) =>
      sql`when ${status} then ${stage ? dueColumn[stage] : sql`null`}`,
    ),
    sql` `,
  )} end`;
  const direction = q.order === 'asc' ? asc : desc;
  // Cases without a binding deadline (closed) sort last either way.
  const orderBy =
    q.sort === 'deadline'
      ? [sql`${nextDue} is null`, direction(nextDue), direction(reports.receivedDay), asc(reports.id)]
      : [direction(reports.receivedDay), asc(reports.id)];
  const total = db.select({ n: count() }).from(reports).where(where).get()?.n ?? 0;
  const items = db
    .select()
    .from(reports)
    .where(where)
    .orderBy(...orderBy)
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .all();
  const counters = db
    .select({
      new: sql<number>`coalesce(sum(case when ${reports.status} = 'new' then 1 else 0 end), 0)`,
      overdue: sql<number>`coalesce(sum(case when ${overdueCondition(q.today, q.pending)} then 1 else 0 end), 0)`,
    })
    .from(reports)
    .where(visible)
    .get() ?? { new: 0, overdue: 0 };
  return { total, items, counters };
}

/** One case if the viewer may see it (else undefined, exactly as for a case that does not exist). */
export function getVisibleCase(db: Conn, caseId: string, viewerId: string): ReportRecord | undefined {
  return db.select().from(reports).where(and(eq(reports.id, caseId), visibleTo(viewerId))).get();
}

/**
 * The cases not closed that both `recipientId` and `recoveryId` hold a key wrap for, ordered by
 * case id (random, so the order says nothing about arrival), at most `limit`.
 */
export function casesWrappedForBoth(db: Conn, recipientId: string, recoveryId: string, limit: number) {
  const wrappedFor = (id: string) => db.select({ reportId: reportKeyWraps.reportId }).from(reportKeyWraps).where(eq(reportKeyWraps.recipientId, id));
  return db
    .select({ id: reports.id, receivedDay: reports.receivedDay, category: reports.category, region: reports.region, status: reports.status })
    .from(reports)
    .where(and(ne(reports.status, 'closed'), inArray(reports.id, wrappedFor(recipientId)), inArray(reports.id, wrappedFor(recoveryId))))
    .orderBy(asc(reports.id))
    .limit(limit)
    .all();
}

export function caseEventsOf(db: Conn, caseId: string): CaseEvent[] {
  return db.select().from(caseEvents).where(eq(caseEvents.reportId, caseId)).orderBy(asc(caseEvents.id)).all();
}

export function caseNotesOf(db: Conn, caseId: string): CaseNote[] {
  return db.select().from(caseNotes).where(eq(caseNotes.reportId, caseId)).orderBy(asc(caseNotes.createdAt), asc(caseNotes.id)).all();
}

export function addCaseEvent(db: Conn, event: typeof caseEvents.$inferInsert): void {
  db.insert(caseEvents).values(event).run();
}

export function addCaseNote(db: Conn, note: CaseNote): void {
  db.insert(caseNotes).values(note).run();
}

export function updateCase(db: Conn, caseId: string, changes: Partial<Pick<ReportRecord, 'status' | 'closedDay' | 'outcome' | 'severity' | 'groupIncident' | 'assigneeId'>>): void {
  db.update(reports).set(changes).where(eq(reports.id, caseId)).run();
}

/**
 * Rewrites the due days of open cases (all of them, or only those never computed, e.g. after an
 * upgrade), walking the table in batches in id order (rowids are shuffled: db/writer-core.js) with
 * prepared statements so a million cases take seconds, not minutes, and never sit in memory at
 * once. A case whose due days are already right is not written (the server recomputes at every
 * start). Returns how many cases were updated.
 */
export function rewriteDueDays(db: Db, onlyMissing: boolean, dueOf: (receivedDay: string, category: string) => Record<DueStage, string>): number {
  const client = db.$client;
  type Row = { id: string; receivedDay: string; category: string; acknowledge: string | null; triage: string | null; answer: string | null; feedback: string | null };
  const batch = client.prepare(
    'select id, received_day as receivedDay, category, acknowledge_due as acknowledge, triage_due as triage, answer_due as answer, feedback_due as feedback' +
      ` from reports where id > ? and ${onlyMissing ? 'acknowledge_due is null' : "status != 'closed'"} order by id limit 5000`,
  );
  const update = client.prepare('update reports set acknowledge_due = $acknowledge, triage_due = $triage, answer_due = $answer, feedback_due = $feedback where id = $id');
  // Compared here, so a start under unchanged rules reads each open case once and writes nothing.
  const writeBatch = client.transaction((rows: Row[]) => {
    let changed = 0;
    for (const row of rows) {
      const due = dueOf(row.receivedDay, row.category);
      if (due.acknowledge === row.acknowledge && due.triage === row.triage && due.answer === row.answer && due.feedback === row.feedback) continue;
      changed += update.run({ ...due, id: row.id }).changes;
    }
    return changed;
  });
  let updated = 0;
  for (let after = ''; ; ) {
    const rows = batch.all(after) as Row[];
    if (rows.length === 0) return updated;
    updated += writeBatch(rows);
    after = rows.at(-1)!.id;
  }
}

export type StatsKey = 'region' | 'category' | 'industry' | 'severity' | 'status';

/** Counts of cases received between two days (inclusive) by each clear metadata column. */
export function caseStats(db: Conn, from: string, to: string): { total: number } & Record<StatsKey, { key: string | null; count: number }[]> {
  const range = and(gte(reports.receivedDay, from), lte(reports.receivedDay, to));
  const by = (column: SQLiteColumn) =>
    db.select({ key: sql<string | null>`${column}`, count: count() }).from(reports).where(range).groupBy(column).orderBy(column).all();
  return {
    total: db.select({ n: count() }).from(reports).where(range).get()?.n ?? 0,
    region: by(reports.region),
    category: by(reports.category),
    industry: by(reports.industry),
    severity: by(reports.severity),
    status: by(reports.status),
  };
}
