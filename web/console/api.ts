// The console API (server/CONSOLE-API.md): same origin, JSON, a session cookie the page never
// touches (HttpOnly) and the CSRF token in memory, sent on every state-changing request.

export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** HTTP status; 0 when the request did not get an answer. */
  readonly status: number;
  /** The server's dotted error code ('auth.failed'), 'network', or '' when there was none. */
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export type Role = 'admin' | 'inspector' | 'analyst';
export type CaseStatus = 'new' | 'acknowledged' | 'in_review' | 'inspection_planned' | 'referred' | 'closed';
export const caseStatuses: readonly CaseStatus[] = ['new', 'acknowledged', 'in_review', 'inspection_planned', 'referred', 'closed'];
export type Outcome = 'resolved' | 'unfounded' | 'referred' | 'insufficient_information';
export const outcomes: readonly Outcome[] = ['resolved', 'unfounded', 'referred', 'insufficient_information'];
export type Severity = 'light' | 'severe' | 'fatal';
export type DeadlineName = 'acknowledge' | 'triage' | 'answer' | 'feedback';
export const deadlineNames: readonly DeadlineName[] = ['acknowledge', 'triage', 'answer', 'feedback'];

/** The workflow (CONSOLE-API.md): where a case may go from each status. */
export const nextStatuses: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  new: ['acknowledged'],
  acknowledged: ['in_review'],
  in_review: ['inspection_planned', 'referred'],
  inspection_planned: ['closed'],
  referred: ['closed'],
  closed: [],
};

export type Me = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  keyEnvelope: string;
  publicKey: string;
  groups: string[];
  totpEnabled: boolean;
  /** Administrators: some account's key awaits the organisation's signature. */
  mustSign: boolean;
  /** This account's own key (not in CONSOLE-API.md yet; optional until the server sends it). */
  keyState?: 'signed' | 'awaiting_signature' | 'none';
};
export type SessionAnswer = { csrfToken: string; me: Me };

/** An active colleague whose key the organisation signed: someone a case can be shared with. */
export type Colleague = { id: string; username: string; displayName: string; publicKey: string; keySignature: string };

export type Account = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  status: 'active' | 'disabled';
  groups: string[];
  keyState: 'signed' | 'awaiting_signature' | 'none';
  totpEnabled: boolean;
  /** base64url X25519 key; needed to sign it and to add the account as a case recipient. */
  publicKey?: string;
  /** base64url organisation signature of publicKey, once signed. */
  keySignature?: string | null;
};

export type Group = { id: string; kind?: string; regionKato?: string | null; nameKk: string; nameRu: string; nameEn: string; members?: string[] };

export type Deadlines = Record<DeadlineName, string | null>;
export type CaseSummary = {
  id: string;
  receivedDay: string;
  status: CaseStatus;
  region: string;
  industry: string;
  category: string;
  severity: Severity | null;
  group?: boolean;
  assigneeId: string | null;
  deadlines: Deadlines;
  overdue: string[];
};
export type CaseList = { total: number; page: number; pageSize: number; counters: { new: number; overdue: number }; items: CaseSummary[] };
/** kind 'status': from/to are statuses; 'severity', 'assignee', 'group', 'recipient': the changed value. */
export type CaseEvent = { kind: 'status' | 'severity' | 'assignee' | 'group' | 'recipient'; from: string | null; to: string | null; outcome: Outcome | null; actorId: string; actorName: string | null; at: string };
export type Note = { id: string; authorId: string; authorName: string | null; createdAt: string; ciphertext: string };
export type CaseDetail = CaseSummary & {
  outcome: Outcome | null;
  closedDay: string | null;
  events: CaseEvent[];
  /** Ciphertexts; null when the caller holds no key wrap for this case (an administrator who is not a recipient). */
  content: string | null;
  wrap: string | null;
  /** The contact ciphertext is handed out only on request (POST …/contact), which the audit log records. */
  hasContact: boolean;
  notes: Note[];
};

export type Organisation = {
  name: string;
  signingPublicKey: string;
  wrappedSigningKey?: string;
  recoveryPublicKey: string | null;
  settings: { requireTotp: boolean; retentionDays: number; deadlines: Record<string, number>; holidays?: string[] };
};

export type AuditEntry = { seq: number; at: string; actorId: string | null; action: string; caseId: string | null; detail: Record<string, unknown>; hash: string };

let csrfToken = '';
let onUnauthorized: (() => void) | null = null;

/** Called when the server answers 401 auth.required to a request made with a session. */
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function call<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken !== '') headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(`/api/console${path}`, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      redirect: 'error',
      referrerPolicy: 'no-referrer',
    });
  } catch (error) {
    throw new ApiError(0, 'network', String(error));
  }
  if (response.status === 204) return undefined as T;
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    if (response.ok) throw new ApiError(response.status, 'response.malformed', 'the answer is not JSON');
  }
  if (!response.ok) {
    const error = (json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    const code = typeof error?.code === 'string' ? error.code : '';
    const failure = new ApiError(response.status, code, typeof error?.message === 'string' ? error.message : response.statusText);
    if (response.status === 401 && code === 'auth.required' && csrfToken !== '') onUnauthorized?.();
    throw failure;
  }
  return json as T;
}

const enc = encodeURIComponent;

export const api = {
  setupNeeded: () => call<{ needed: boolean }>('GET', '/setup'),
  setup: (body: {
    token: string;
    organisationName: string;
    username: string;
    displayName: string;
    authValue: string;
    keyEnvelope: string;
    publicKey: string;
    signingPublicKey: string;
    wrappedSigningKey: string;
    recoveryPublicKey: string;
    recoverySignature: string;
    adminSignature: string;
    /** Chosen here, so the organisation key can sign the administrator's key before the account exists. */
    accountId: string;
  }) => call<SessionAnswer>('POST', '/setup', body),
  salt: (username: string) => call<{ salt: string }>('POST', '/login/salt', { username }),
  login: (body: { username: string; authValue: string; totp?: string }) => call<SessionAnswer>('POST', '/login', body),
  logout: () => call<void>('POST', '/logout'),
  me: () => call<SessionAnswer>('GET', '/me'),

  invitation: (token: string) => call<{ displayName: string; role: Role; organisationName: string; invitedBy?: string }>('GET', `/invitations/${enc(token)}`),
  accept: (token: string, body: { username: string; authValue: string; keyEnvelope: string; publicKey: string }) =>
    call<SessionAnswer>('POST', `/invitations/${enc(token)}/accept`, body),
  invite: (body: { role: Role; displayName: string; groupIds: string[] }) => call<{ invitationUrl: string }>('POST', '/invitations', body),

  accounts: () => call<Account[]>('GET', '/accounts'),
  colleagues: () => call<Colleague[]>('GET', '/colleagues'),
  setAccountEnabled: (id: string, enabled: boolean) => call<unknown>('POST', `/accounts/${enc(id)}/${enabled ? 'enable' : 'disable'}`),
  signAccount: (id: string, signature: string) => call<unknown>('POST', `/accounts/${enc(id)}/signature`, { signature }),

  organisation: () => call<Organisation>('GET', '/organisation'),
  saveSettings: (settings: Omit<Organisation['settings'], 'holidays'>) => call<unknown>('PATCH', '/organisation', settings),
  groups: () => call<Group[]>('GET', '/groups'),
  renameGroup: (id: string, names: { nameKk: string; nameRu: string; nameEn: string }) => call<unknown>('PATCH', `/groups/${enc(id)}`, names),
  setMembers: (id: string, accountIds: string[]) => call<unknown>('PUT', `/groups/${enc(id)}/members`, { accountIds }),

  totpSetup: () => call<{ secret: string; otpauthUrl: string }>('POST', '/totp/setup'),
  totpConfirm: (code: string) => call<unknown>('POST', '/totp/confirm', { code }),

  cases: (query: URLSearchParams) => call<CaseList>('GET', `/cases?${query}`),
  case: (id: string) => call<CaseDetail>('GET', `/cases/${enc(id)}`),
  transition: (id: string, to: CaseStatus, outcome?: Outcome) => call<unknown>('POST', `/cases/${enc(id)}/transition`, outcome === undefined ? { to } : { to, outcome }),
  updateCase: (id: string, patch: { severity?: Severity | null; group?: boolean; assigneeId?: string | null }) => call<unknown>('PATCH', `/cases/${enc(id)}`, patch),
  addNote: (id: string, ciphertext: string) => call<unknown>('POST', `/cases/${enc(id)}/notes`, { ciphertext }),
  addRecipient: (id: string, accountId: string, wrap: string) => call<unknown>('POST', `/cases/${enc(id)}/recipients`, { accountId, wrap }),
  /** The contact details' ciphertext, handed out on request and recorded in the audit log. */
  contact: (id: string) => call<{ contact: string | null }>('POST', `/cases/${enc(id)}/contact`),
  recoveryRewrap: (body: { caseId: string; accountId: string; wrap: string }) => call<unknown>('POST', '/recovery/rewrap', body),
  /** The recovery key's wrap of a case key (admin), to re-wrap it for an inspector. */
  recoveryWrap: (caseId: string) => call<{ reportId?: string; wrap: string }>('GET', `/recovery/cases/${enc(caseId)}`),

  audit: (page: number) => call<{ entries: AuditEntry[]; page: number; total: number; pageSize: number }>('GET', `/audit?page=${page}`),
  stats: (query: URLSearchParams) => call<Record<string, unknown>>('GET', `/stats?${query}`),
};
