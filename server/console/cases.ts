// Inspectors' use cases: the queue, one case (ciphertexts and the caller's key wrap), the
// workflow, notes, recipients; the recovery re-wrap; statistics for analysts.
import { nanoid } from 'nanoid';
import type { CaseFilters } from '../../contract/console-api.ts';
import type { AuditAction, CaseSort, CaseStatus, Outcome, Severity, SortOrder } from '../../contract/domain.ts';
import { isFieldEnvelope, isKeyWrap, toBase64Url } from '../../crypto/index.ts';
import { getAccount, listAccounts } from '../../db/repositories/accounts.ts';
import { addCaseEvent, addCaseNote, caseEventsOf, caseNotesOf, caseStats, getVisibleCase, queryQueue, updateCase } from '../../db/repositories/cases.ts';
import { isActiveRecipient, recoveryRecipientId } from '../../db/repositories/recipients.ts';
import { addWrap, getReport, getWrap, reportCiphertexts, type ReportRecord } from '../../db/repositories/reports.ts';
import { dayIn } from '../config.ts';
import { nextStageOf, overdueStages, statusesPendingAt, type Deadlines } from '../domain/deadlines.ts';
import { checkTransition } from '../domain/workflow.ts';
import { errors } from '../http/errors.ts';
import { appendAudit } from '../shared/audit.ts';
import { requestBytes } from '../shared/bytes.ts';
import { loadDueDays } from '../shared/settings.ts';
import type { ConsoleDeps, Staff } from './context.ts';

const today = (deps: ConsoleDeps) => dayIn(deps.timeZone, deps.clock());

function deadlinesOf(deps: ConsoleDeps, report: ReportRecord): Deadlines {
  if (report.acknowledgeDue && report.triageDue && report.answerDue && report.feedbackDue) {
    return { acknowledge: report.acknowledgeDue, triage: report.triageDue, answer: report.answerDue, feedback: report.feedbackDue };
  }
  return loadDueDays(deps.db)(report.receivedDay, report.category);
}

function summary(deps: ConsoleDeps, report: ReportRecord, day: string) {
  const deadlines = deadlinesOf(deps, report);
  return {
    id: report.id,
    receivedDay: report.receivedDay,
    status: report.status,
    region: report.region,
    industry: report.industry,
    category: report.category,
    groupId: report.groupId,
    severity: report.severity,
    group: report.groupIncident,
    assigneeId: report.assigneeId,
    outcome: report.outcome,
    closedDay: report.closedDay,
    deadlines,
    overdue: overdueStages(report.status, deadlines, day),
  };
}

/** The queue's query with its overdue flag and page numbers as values. */
export type QueueInput = CaseFilters & { overdue?: boolean; sort?: CaseSort; order?: SortOrder; page?: number; pageSize?: number };

export function listCases(deps: ConsoleDeps, staff: Staff, input: QueueInput) {
  const day = today(deps);
  const { overdue, sort = 'received', order = sort === 'deadline' ? 'asc' : 'desc', page = 1, pageSize = 50, ...filters } = input;
  const result = queryQueue(deps.db, {
    viewerId: staff.id,
    ...filters,
    overdueOnly: overdue === true,
    today: day,
    pending: statusesPendingAt,
    nextStage: nextStageOf,
    sort,
    order,
    page,
    pageSize,
  });
  appendAudit(deps.db, deps.clock(), { actorId: staff.id, action: 'case.list', detail: { ...input } });
  return { total: result.total, page, pageSize, counters: result.counters, items: result.items.map((r) => summary(deps, r, day)) };
}

/** The case if the caller may see it; otherwise the same 404 as for a case that does not exist. */
function visibleCase(deps: ConsoleDeps, staff: Staff, caseId: string): ReportRecord {
  const report = staff.role === 'analyst' ? undefined : getVisibleCase(deps.db, caseId, staff.id);
  if (!report) throw errors.consoleCaseNotFound();
  return report;
}

function names(deps: ConsoleDeps): Map<string, string> {
  return new Map(listAccounts(deps.db).map((a) => [a.id, a.displayName]));
}

/** Clear metadata, events, the ciphertexts and the caller's key wrap. Audited as case.decrypt. */
export function viewCase(deps: ConsoleDeps, staff: Staff, caseId: string) {
  const report = visibleCase(deps, staff, caseId);
  const { fields, wrap } = reportCiphertexts(deps.db, caseId, staff.id);
  const displayNames = names(deps);
  const content = fields.find((f) => f.field === 'content');
  const hasContact = fields.some((f) => f.field === 'contact');
  appendAudit(deps.db, deps.clock(), { actorId: staff.id, action: 'case.decrypt', caseId, detail: { wrap: wrap !== undefined } });
  return {
    ...summary(deps, report, today(deps)),
    events: caseEventsOf(deps.db, caseId).map((e) => ({
      kind: e.kind,
      from: e.fromValue,
      to: e.toValue,
      outcome: e.outcome,
      actorId: e.actorId,
      actorName: displayNames.get(e.actorId) ?? null,
      at: e.at,
    })),
    content: content ? toBase64Url(content.ciphertext) : null,
    hasContact,
    wrap: wrap ? toBase64Url(wrap) : null,
    notes: caseNotesOf(deps.db, caseId).map((n) => ({
      id: n.id,
      authorId: n.authorId,
      authorName: displayNames.get(n.authorId) ?? null,
      createdAt: n.createdAt,
      ciphertext: toBase64Url(n.ciphertext),
    })),
  };
}

/** The reporter's contact details' ciphertext, handed out only on this explicit, audited request. */
export function discloseContact(deps: ConsoleDeps, staff: Staff, caseId: string) {
  visibleCase(deps, staff, caseId);
  const contact = reportCiphertexts(deps.db, caseId, staff.id).fields.find((f) => f.field === 'contact');
  appendAudit(deps.db, deps.clock(), { actorId: staff.id, action: 'case.contact_disclosed', caseId, detail: { present: contact !== undefined } });
  return { contact: contact ? toBase64Url(contact.ciphertext) : null };
}

export function transitionCase(deps: ConsoleDeps, staff: Staff, caseId: string, input: { to: CaseStatus; outcome?: Outcome }) {
  const now = deps.clock();
  const day = today(deps);
  deps.db.transaction((tx) => {
    const report = staff.role === 'analyst' ? undefined : getVisibleCase(tx, caseId, staff.id);
    if (!report) throw errors.consoleCaseNotFound();
    const check = checkTransition(report.status, input.to, input.outcome);
    if (!check.ok) {
      if (check.reason === 'outcome_required') throw errors.outcomeRequired();
      if (check.reason === 'outcome_not_allowed') throw errors.outcomeNotAllowed();
      throw errors.badTransition(report.status, input.to);
    }
    updateCase(tx, caseId, { status: input.to, ...(check.closes ? { closedDay: day, outcome: input.outcome ?? null } : {}) });
    addCaseEvent(tx, { reportId: caseId, at: now.toISOString(), actorId: staff.id, kind: 'status', fromValue: report.status, toValue: input.to, outcome: input.outcome ?? null });
    appendAudit(tx, now, { actorId: staff.id, action: 'case.transition', caseId, detail: { from: report.status, to: input.to, ...(input.outcome ? { outcome: input.outcome } : {}) } });
  });
  return viewSummary(deps, staff, caseId);
}

function viewSummary(deps: ConsoleDeps, staff: Staff, caseId: string) {
  return summary(deps, visibleCase(deps, staff, caseId), today(deps));
}

export type CasePatch = { severity?: Severity | null; group?: boolean; assigneeId?: string | null };

export function patchCase(deps: ConsoleDeps, staff: Staff, caseId: string, patch: CasePatch) {
  const now = deps.clock();
  deps.db.transaction((tx) => {
    const report = staff.role === 'analyst' ? undefined : getVisibleCase(tx, caseId, staff.id);
    if (!report) throw errors.consoleCaseNotFound();
    if (patch.assigneeId) {
      const assignee = getAccount(tx, patch.assigneeId);
      if (!assignee || assignee.status !== 'active' || assignee.role === 'analyst') throw errors.accountNotFound();
    }
    const event = (kind: 'severity' | 'group' | 'assignee', from: string | null, to: string | null) => {
      if (from === to) return;
      addCaseEvent(tx, { reportId: caseId, at: now.toISOString(), actorId: staff.id, kind, fromValue: from, toValue: to, outcome: null });
    };
    if (patch.severity !== undefined) event('severity', report.severity, patch.severity);
    if (patch.group !== undefined) event('group', String(report.groupIncident), String(patch.group));
    if (patch.assigneeId !== undefined) event('assignee', report.assigneeId, patch.assigneeId);
    updateCase(tx, caseId, {
      ...(patch.severity !== undefined ? { severity: patch.severity } : {}),
      ...(patch.group !== undefined ? { groupIncident: patch.group } : {}),
      ...(patch.assigneeId !== undefined ? { assigneeId: patch.assigneeId } : {}),
    });
    appendAudit(tx, now, { actorId: staff.id, action: 'case.update', caseId, detail: { ...patch } });
  });
  return viewSummary(deps, staff, caseId);
}

export function addNote(deps: ConsoleDeps, staff: Staff, caseId: string, ciphertext: string) {
  const bytes = requestBytes(ciphertext, 'ciphertext', isFieldEnvelope);
  visibleCase(deps, staff, caseId);
  const now = deps.clock();
  const note = { id: nanoid(16), reportId: caseId, authorId: staff.id, createdAt: now.toISOString(), ciphertext: bytes };
  deps.db.transaction((tx) => {
    addCaseNote(tx, note);
    appendAudit(tx, now, { actorId: staff.id, action: 'case.note', caseId, detail: { noteId: note.id } });
  });
  return { id: note.id, authorId: note.authorId, createdAt: note.createdAt, ciphertext };
}

function addKeyWrap(deps: ConsoleDeps, staff: Staff, caseId: string, input: { accountId: string; wrap: string }, action: Extract<AuditAction, 'case.add_recipient' | 'recovery.rewrap'>) {
  const wrap = requestBytes(input.wrap, 'wrap', isKeyWrap);
  const account = getAccount(deps.db, input.accountId);
  if (!account || account.status !== 'active' || input.accountId === recoveryRecipientId) throw errors.accountNotFound();
  if (!isActiveRecipient(deps.db, input.accountId)) throw errors.notRecipient();
  const now = deps.clock();
  deps.db.transaction((tx) => {
    if (!addWrap(tx, caseId, input.accountId, wrap)) throw errors.recipientExists();
    addCaseEvent(tx, { reportId: caseId, at: now.toISOString(), actorId: staff.id, kind: 'recipient', fromValue: null, toValue: input.accountId, outcome: null });
    appendAudit(tx, now, { actorId: staff.id, action, caseId, detail: { accountId: input.accountId } });
  });
}

/** Adds a recipient: the caller's browser re-wrapped the case key for the account's public key. */
export function addRecipient(deps: ConsoleDeps, staff: Staff, caseId: string, input: { accountId: string; wrap: string }) {
  visibleCase(deps, staff, caseId);
  addKeyWrap(deps, staff, caseId, input, 'case.add_recipient');
  return { caseId, accountId: input.accountId };
}

/** The recovery key's wrap of a case key, for an administrator holding the printed recovery key. */
export function recoveryWrap(deps: ConsoleDeps, staff: Staff, caseId: string) {
  const report = getReport(deps.db, caseId);
  const wrap = report ? getWrap(deps.db, caseId, recoveryRecipientId) : undefined;
  if (!report || !wrap) throw errors.consoleCaseNotFound();
  appendAudit(deps.db, deps.clock(), { actorId: staff.id, action: 'recovery.read_wrap', caseId });
  return { reportId: caseId, wrap: toBase64Url(wrap) };
}

export function recoveryRewrap(deps: ConsoleDeps, staff: Staff, input: { caseId: string; accountId: string; wrap: string }) {
  if (!getReport(deps.db, input.caseId)) throw errors.consoleCaseNotFound();
  addKeyWrap(deps, staff, input.caseId, input, 'recovery.rewrap');
  return { caseId: input.caseId, accountId: input.accountId };
}

export function statistics(deps: ConsoleDeps, staff: Staff, input: { from?: string; to?: string }) {
  const from = input.from ?? '0000-01-01';
  const to = input.to ?? '9999-12-31';
  const stats = caseStats(deps.db, from, to);
  appendAudit(deps.db, deps.clock(), { actorId: staff.id, action: 'stats.view', detail: { from, to } });
  return { from, to, ...stats };
}
