// The public reporter API (same origin, JSON). Errors come as { error: { code, message } }.

export type ApiErrorKind = 'network' | 'http';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly kind: ApiErrorKind;
  /** HTTP status; 0 for network failures. */
  readonly status: number;
  /** The server's dotted error code ('routing.no_recipients'), or '' when there was none. */
  readonly code: string;
  constructor(kind: ApiErrorKind, status: number, code: string, message: string) {
    super(message);
    this.kind = kind;
    this.status = status;
    this.code = code;
  }
}

export type RecipientsAnswer = {
  organisationKey: string;
  groupId: string;
  recipients: { id: string; publicKey: string; signature: string }[];
};

export type ReportBody = {
  version: 1;
  reportId: string;
  region: string;
  industry: string;
  category: string;
  groupId: string;
  lookupId: string;
  reporterSalt: string;
  reporterWrap: string;
  recipientWraps: { recipientId: string; wrap: string }[];
  content: string;
  contact: string | null;
};

export type PowPurpose = 'submit' | 'status';
export type PowSolution = { challenge: string; nonce: string };
export type Challenge = { challenge: string; difficulty: number; expiresInSeconds: number };

export type CaseStatus = 'new' | 'acknowledged' | 'in_review' | 'inspection_planned' | 'referred' | 'closed';
export const caseStatuses: readonly CaseStatus[] = ['new', 'acknowledged', 'in_review', 'inspection_planned', 'referred', 'closed'];

const timeoutMs = 90_000;
const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'error',
      referrerPolicy: 'no-referrer',
      // A dead mobile connection can otherwise hang for minutes.
      signal: typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(timeoutMs) : null,
    });
  } catch (error) {
    throw new ApiError('network', 0, '', String(error));
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    if (response.ok) throw new ApiError('http', response.status, '', 'the answer is not JSON');
  }
  if (!response.ok) {
    const error = (json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    const code = typeof error?.code === 'string' ? error.code : '';
    throw new ApiError('http', response.status, code, typeof error?.message === 'string' ? error.message : response.statusText);
  }
  return json;
}

function malformed(what: string): ApiError {
  return new ApiError('http', 200, 'response.malformed', `unexpected ${what} answer`);
}

const isString = (value: unknown): value is string => typeof value === 'string';

export async function getRecipients(region: string, category: string): Promise<RecipientsAnswer> {
  const query = new URLSearchParams({ region, category });
  const answer = (await call('GET', `/api/v1/recipients?${query}`)) as Partial<RecipientsAnswer> | null;
  const recipients = answer?.recipients;
  if (
    !isString(answer?.organisationKey) ||
    !isString(answer.groupId) ||
    !Array.isArray(recipients) ||
    !recipients.every((r) => isString(r?.id) && isString(r.publicKey) && isString(r.signature))
  ) {
    throw malformed('recipients');
  }
  return { organisationKey: answer.organisationKey, groupId: answer.groupId, recipients };
}

export async function getChallenge(purpose: PowPurpose): Promise<Challenge> {
  const answer = (await call('GET', `/api/v1/challenge?purpose=${purpose}`)) as Partial<Challenge> | null;
  if (!isString(answer?.challenge) || typeof answer.difficulty !== 'number' || typeof answer.expiresInSeconds !== 'number') throw malformed('challenge');
  return { challenge: answer.challenge, difficulty: answer.difficulty, expiresInSeconds: answer.expiresInSeconds };
}

export async function postReport(body: ReportBody, pow: PowSolution): Promise<{ receivedDay: string }> {
  const answer = (await call('POST', '/api/v1/reports', { ...body, pow })) as { receivedDay?: unknown } | null;
  if (!isString(answer?.receivedDay) || !dayPattern.test(answer.receivedDay)) throw malformed('report');
  return { receivedDay: answer.receivedDay };
}

export async function postStatus(lookupId: string, pow: PowSolution): Promise<{ status: CaseStatus; receivedDay: string }> {
  const answer = (await call('POST', '/api/v1/status', { lookupId, pow })) as { status?: unknown; receivedDay?: unknown } | null;
  const status = caseStatuses.find((s) => s === answer?.status);
  if (status === undefined || !isString(answer?.receivedDay) || !dayPattern.test(answer.receivedDay)) throw malformed('status');
  return { status, receivedDay: answer.receivedDay };
}
