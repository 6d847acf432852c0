// The audit log in the reader's language: each action the server records (contract/domain.ts
// auditActions, which every appendAudit call is typed by) by its label, and its detail as "what: value" lines
// with names for account and group ids and labels for statuses, categories and the like. An action
// or a detail this console does not know is shown as the server wrote it, never dropped.
import type { CaseStatus, Outcome, Role } from '../../../contract/domain.ts';
import type { Language } from '../../shared/language.ts';
import { format } from '../../shared/language.ts';
import type { Messages } from '../i18n/index.ts';
import { categoryLabel, formatDay, groupAccident, industryLabel, regionLabel, severityLabel } from '../labels.ts';

/** What the detail lines need besides the messages: names for the ids an entry carries. */
export type AuditReader = {
  t: Messages;
  language: Language;
  accountName: (id: string) => string;
  groupName: (id: string) => string;
};

/** The action's label; an unknown action keeps its code. */
export function auditActionLabel(t: Messages, action: string): string {
  return t.auditActions[action] ?? action;
}

/** The entry's detail as lines in the reader's language; none for an entry without detail. */
export function auditDetailLines(reader: AuditReader, action: string, detail: Record<string, unknown>): string[] {
  const { t, language } = reader;
  const lines: string[] = [];
  // Keys that read as one line together, depending on the action.
  const together = new Set<string>();
  if (action === 'case.transition') {
    const outcome = typeof detail.outcome === 'string' ? ` (${t.outcomes[detail.outcome as Outcome] ?? detail.outcome})` : '';
    lines.push(`${t.status}: ${statusLabel(t, detail.from)} → ${statusLabel(t, detail.to)}${outcome}`);
    together.add('from').add('to').add('outcome');
  }
  if (action === 'stats.view') {
    lines.push(`${t.auditFields.period}: ${dayOf(detail.from, language)} – ${dayOf(detail.to, language)}`);
    together.add('from').add('to');
  }
  if (action === 'case.list' && (detail.sort !== undefined || detail.order !== undefined)) {
    lines.push(`${t.sortBy}: ${sortLabel(t, detail.sort, detail.order)}`);
    together.add('sort').add('order');
  }
  for (const [key, value] of Object.entries(detail)) if (!together.has(key)) lines.push(...detailLine(reader, key, value));
  return lines;
}

/** One key of a detail: its line (or lines, for the settings' deadlines). */
function detailLine(reader: AuditReader, key: string, value: unknown): string[] {
  const { t, language, accountName, groupName } = reader;
  const names = (ids: unknown, name: (id: string) => string) => (Array.isArray(ids) && ids.length > 0 ? ids.map((id) => name(text(id))).join(', ') : t.auditNone);
  const yesNo = (flag: unknown) => (flag === true || flag === 'true' ? t.yes : t.no);
  switch (key) {
    case 'accountId':
    case 'invitedBy':
      return [`${t.auditFields[key]}: ${accountName(text(value))}`];
    case 'accountIds':
    case 'certificates':
      return [`${t.auditFields[key]}: ${names(value, accountName)}`];
    case 'groupId':
      return [`${t.auditFields.groupId}: ${groupName(text(value))}`];
    case 'groupIds':
      return [`${t.auditFields.groupIds}: ${names(value, groupName)}`];
    case 'role':
      return [`${t.role}: ${t.roles[value as Role] ?? text(value)}`];
    case 'directoryVersion':
    case 'version':
      return [format(t.auditDirectoryVersion, { version: text(value) }, language)];
    case 'organisation':
      return [value === 'adopted' ? t.auditOrganisationAdopted : t.auditOrganisationCreated];
    case 'protection':
      return [value === 'organisation_passphrase' ? t.auditOrganisationPassphrase : text(value)];
    case 'wrap':
      return [value === true ? t.auditWithKey : t.auditWithoutKey];
    case 'present':
      return [value === true ? t.auditContactLeft : t.auditContactNone];
    case 'via':
      return [value === 'cli' ? t.auditViaCli : text(value)];
    case 'status':
      return [`${t.status}: ${statusLabel(t, value)}`];
    case 'category':
      return [`${t.category}: ${categoryLabel(text(value), language)}`];
    case 'region':
      return [`${t.region}: ${regionLabel(text(value), language)}`];
    case 'industry':
      return [`${t.industry}: ${industryLabel(text(value), language)}`];
    case 'severity':
      return [`${t.severity}: ${value === null ? t.severityNone : severityLabel(text(value), language)}`];
    case 'group':
      return [`${groupAccident[language]}: ${yesNo(value)}`];
    case 'assignee':
    case 'assigneeId':
      return [`${t.assignee}: ${value === null ? t.assigneeNobody : accountName(text(value))}`];
    case 'overdue':
      return value === 'true' || value === true ? [t.onlyOverdue] : [];
    case 'requireTotp':
      return [`${t.requireTotp}: ${yesNo(value)}`];
    case 'retentionDays':
      return [`${t.retentionDays}: ${text(value)}`];
    case 'deadlines':
      if (typeof value !== 'object' || value === null) return [`${key}: ${text(value)}`];
      return Object.entries(value).map(([name, days]) => `${t.deadlines[name] ?? name}: ${text(days)}`);
    case 'holidays':
    case 'workingDays':
      return [`${t.auditFields[key]}: ${Array.isArray(value) && value.length > 0 ? value.map((day) => dayOf(day, language)).join(', ') : t.auditNone}`];
    case 'kk':
    case 'ru':
    case 'en':
      return [`${t.nameIn[key]}: ${text(value)}`];
    case 'noteId':
    case 'page':
    case 'pageSize':
      return [`${t.auditFields[key]}: ${text(value)}`];
    default:
      return [`${key}: ${text(value)}`];
  }
}

function statusLabel(t: Messages, value: unknown): string {
  return typeof value === 'string' ? (t.statuses[value as CaseStatus] ?? value) : '—';
}

function dayOf(value: unknown, language: Language): string {
  return typeof value === 'string' ? formatDay(value, language) : '—';
}

/** The queue's own words for its orders; any other pair as sent. */
function sortLabel(t: Messages, sort: unknown, order: unknown): string {
  if (sort === 'deadline') return t.sortDeadline;
  if (sort === 'received' || sort === undefined) return order === 'asc' ? t.sortOldest : t.sortNewest;
  return `${text(sort)} ${text(order ?? '')}`.trim();
}

/** A value as the server wrote it: strings and numbers as they are, anything else as JSON. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return `${value}`;
  return JSON.stringify(value) ?? '';
}
