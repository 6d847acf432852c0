// The domain's closed lists, written once: the server's schemas, the database's column enums, the
// state machine and both web apps take them from here. Pure data, no imports.

/** ISO 37002: receive, assess, address, conclude. */
export const caseStatuses = ['new', 'acknowledged', 'in_review', 'inspection_planned', 'referred', 'closed'] as const;
export type CaseStatus = (typeof caseStatuses)[number];

/**
 * new → acknowledged → in_review → inspection_planned | referred → closed. A case found unfounded
 * in review may be closed from there; a planned inspection may still end in a referral. Closed is final.
 */
export const transitions: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = Object.freeze({
  new: ['acknowledged'],
  acknowledged: ['in_review'],
  in_review: ['inspection_planned', 'referred', 'closed'],
  inspection_planned: ['referred', 'closed'],
  referred: ['closed'],
  closed: [],
});

/** How a closed case ended; required on closing and only then. */
export const outcomes = ['resolved', 'unfounded', 'referred', 'insufficient_information'] as const;
export type Outcome = (typeof outcomes)[number];

/** Accident severity (../shared/data/accident-severity.json). */
export const severities = ['light', 'severe', 'fatal'] as const;
export type Severity = (typeof severities)[number];

/** The four deadlines of a case, in the order they fall due. */
export const deadlineStages = ['acknowledge', 'triage', 'answer', 'feedback'] as const;
export type DeadlineStage = (typeof deadlineStages)[number];

/** Which deadlines still bind a case in each status: a stage is met once the case moved past it. */
export const pendingStages: Readonly<Record<CaseStatus, readonly DeadlineStage[]>> = Object.freeze({
  new: ['acknowledge', 'triage', 'answer', 'feedback'],
  acknowledged: ['triage', 'answer', 'feedback'],
  in_review: ['answer', 'feedback'],
  inspection_planned: ['feedback'],
  referred: ['feedback'],
  closed: [],
});

export const roles = ['admin', 'inspector', 'analyst'] as const;
export type Role = (typeof roles)[number];

export const accountStatuses = ['active', 'disabled'] as const;
export type AccountStatus = (typeof accountStatuses)[number];

/** A staff key: signed by the organisation key, waiting for that signature, or none (analysts). */
export const keyStates = ['signed', 'awaiting_signature', 'none'] as const;
export type KeyState = (typeof keyStates)[number];

export const groupKinds = ['regional', 'national', 'anti_corruption', 'custom'] as const;
export type GroupKind = (typeof groupKinds)[number];

/** What a case event records: a status change, or the new value of a triage field or recipient. */
export const caseEventKinds = ['status', 'severity', 'assignee', 'group', 'recipient'] as const;
export type CaseEventKind = (typeof caseEventKinds)[number];

/** What a proof-of-work challenge may be spent on. */
export const powPurposes = ['submit', 'status'] as const;
export type PowPurpose = (typeof powPurposes)[number];

/** The queue's sort keys, orders and page sizes (as they travel in a query string). */
export const caseSorts = ['received', 'deadline'] as const;
export type CaseSort = (typeof caseSorts)[number];
export const sortOrders = ['asc', 'desc'] as const;
export type SortOrder = (typeof sortOrders)[number];
export const pageSizes = ['10', '20', '25', '50', '100', '200'] as const;

/** Where a case may go next from `from`. */
export function nextStatuses(from: CaseStatus): readonly CaseStatus[] {
  return transitions[from];
}

/** Every action the audit log records (server/shared/audit.ts); the console labels each in three languages. */
export const auditActions = [
  'setup',
  'cli.create_org',
  'cli.add_inspector',
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'account.upgrade_keys',
  'totp.enable',
  'invitation.create',
  'invitation.accept',
  'account.disable',
  'account.enable',
  'directory.publish',
  'organisation.signing_key_wrap',
  'organisation.settings',
  'group.rename',
  'group.members',
  'case.list',
  'case.decrypt',
  'case.contact_disclosed',
  'case.transition',
  'case.update',
  'case.note',
  'case.add_recipient',
  'recovery.list',
  'recovery.read_wrap',
  'recovery.rewrap',
  'stats.view',
  'audit.view',
] as const;
export type AuditAction = (typeof auditActions)[number];
