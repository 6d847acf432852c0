// JSON Schema pieces of the console API (server/CONSOLE-API.md).
import { base64url, errorResponse } from './schemas.ts';

export { errorResponse };

export const username = { type: 'string', minLength: 3, maxLength: 64, pattern: '^[a-z0-9._-]+$' } as const;
/** Names people read: no control characters. */
export const plainText = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength, pattern: '^[^\\u0000-\\u001f\\u007f]+$' }) as const;
export const displayName = plainText(120);
export const role = { type: 'string', enum: ['admin', 'inspector', 'analyst'] } as const;
export const accountId = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } as const;
export const groupId = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-z0-9-]+$' } as const;
export const caseId = base64url(22, 22);
export const token = base64url(43, 43);
export const authValue = base64url(43, 43);
export const publicKey = base64url(43, 43);
/** 0x01 | salt (16) | nonce (24) | 32-byte key + tag (16) = 89 bytes. */
export const keyEnvelope = base64url(119, 119);
export const signature = base64url(87, 87);
export const keyWrap = base64url(108, 108);
export const fieldEnvelope = base64url(1 + 80 + 24 + 1024 + 16, 87_543);
export const day = { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', maxLength: 10 } as const;
export const status = { type: 'string', enum: ['new', 'acknowledged', 'in_review', 'inspection_planned', 'referred', 'closed'] } as const;
export const severity = { type: 'string', enum: ['light', 'severe', 'fatal'] } as const;
export const outcome = { type: 'string', enum: ['resolved', 'unfounded', 'referred', 'insufficient_information'] } as const;
const nullable = <T extends object>(schema: T) => ({ anyOf: [schema, { type: 'null' }] }) as const;
const nullableString = { type: ['string', 'null'] } as const;

export const idParams = { type: 'object', additionalProperties: false, required: ['id'], properties: { id: accountId } } as const;
export const caseParams = { type: 'object', additionalProperties: false, required: ['id'], properties: { id: caseId } } as const;
export const groupParams = { type: 'object', additionalProperties: false, required: ['id'], properties: { id: groupId } } as const;
export const tokenParams = { type: 'object', additionalProperties: false, required: ['token'], properties: { token } } as const;
export const noBody = { type: 'null' } as const;

export const me = {
  type: 'object',
  required: ['id', 'username', 'displayName', 'role', 'keyEnvelope', 'publicKey', 'groups', 'totpEnabled', 'keyState', 'mustSign'],
  properties: {
    id: { type: 'string' },
    username: { type: 'string' },
    displayName: { type: 'string' },
    role: { type: 'string' },
    keyEnvelope: { type: 'string' },
    publicKey: { type: 'string' },
    groups: { type: 'array', items: { type: 'string' } },
    totpEnabled: { type: 'boolean' },
    keyState: { type: 'string', enum: ['signed', 'awaiting_signature', 'none'] },
    mustSign: { type: 'boolean' },
  },
} as const;

export const sessionAnswer = { type: 'object', required: ['csrfToken', 'me'], properties: { csrfToken: { type: 'string' }, me } } as const;

const deadlines = {
  type: 'object',
  required: ['acknowledge', 'triage', 'answer', 'feedback'],
  properties: { acknowledge: { type: 'string' }, triage: { type: 'string' }, answer: { type: 'string' }, feedback: { type: 'string' } },
} as const;

const caseSummaryProperties = {
  id: { type: 'string' },
  receivedDay: { type: 'string' },
  status: { type: 'string' },
  region: { type: 'string' },
  industry: { type: 'string' },
  category: { type: 'string' },
  groupId: { type: 'string' },
  severity: nullableString,
  group: { type: 'boolean' },
  assigneeId: nullableString,
  outcome: nullableString,
  closedDay: nullableString,
  deadlines,
  overdue: { type: 'array', items: { type: 'string' } },
} as const;

export const caseSummary = { type: 'object', required: Object.keys(caseSummaryProperties), properties: caseSummaryProperties } as const;

export const caseDetail = {
  type: 'object',
  required: [...Object.keys(caseSummaryProperties), 'events', 'content', 'hasContact', 'wrap', 'notes'],
  properties: {
    ...caseSummaryProperties,
    events: {
      type: 'array',
      items: {
        type: 'object',
        properties: { kind: { type: 'string' }, from: nullableString, to: nullableString, outcome: nullableString, actorId: { type: 'string' }, actorName: nullableString, at: { type: 'string' } },
      },
    },
    content: nullableString,
    hasContact: { type: 'boolean' },
    wrap: nullableString,
    notes: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, authorId: { type: 'string' }, authorName: nullableString, createdAt: { type: 'string' }, ciphertext: { type: 'string' } } } },
  },
} as const;

export const note = { type: 'object', properties: { id: { type: 'string' }, authorId: { type: 'string' }, createdAt: { type: 'string' }, ciphertext: { type: 'string' } } } as const;

export const group = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    kind: { type: 'string' },
    regionKato: nullableString,
    nameKk: { type: 'string' },
    nameRu: { type: 'string' },
    nameEn: { type: 'string' },
    activeRecipients: { type: 'integer' },
    members: { type: 'array', items: { type: 'string' } },
  },
} as const;

export const colleague = {
  type: 'object',
  required: ['id', 'username', 'displayName', 'publicKey', 'keySignature'],
  properties: { id: { type: 'string' }, username: { type: 'string' }, displayName: { type: 'string' }, publicKey: { type: 'string' }, keySignature: { type: 'string' } },
} as const;

export const account = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    username: { type: 'string' },
    displayName: { type: 'string' },
    role: { type: 'string' },
    status: { type: 'string' },
    groups: { type: 'array', items: { type: 'string' } },
    keyState: { type: 'string' },
    totpEnabled: { type: 'boolean' },
    publicKey: { type: 'string' },
    keySignature: nullableString,
  },
} as const;

const deadlineNumbers = {
  acknowledgeDays: { type: 'integer', minimum: 0, maximum: 366 },
  triageWorkingDays: { type: 'integer', minimum: 0, maximum: 366 },
  answerWorkingDays: { type: 'integer', minimum: 0, maximum: 366 },
  feedbackMonths: { type: 'integer', minimum: 0, maximum: 60 },
} as const;

export const settingsPatch = {
  type: 'object',
  additionalProperties: false,
  properties: {
    requireTotp: { type: 'boolean' },
    retentionDays: { type: 'integer', minimum: 1, maximum: 36500 },
    deadlines: { type: 'object', additionalProperties: false, properties: deadlineNumbers },
    holidays: { type: 'array', maxItems: 400, items: day },
  },
} as const;

export const organisation = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    signingPublicKey: { type: 'string' },
    wrappedSigningKey: { type: 'string' },
    recoveryPublicKey: nullableString,
    recoverySignature: nullableString,
    settings: {
      type: 'object',
      properties: {
        requireTotp: { type: 'boolean' },
        retentionDays: { type: 'integer' },
        deadlines: { type: 'object', properties: deadlineNumbers },
        holidays: { type: 'array', items: { type: 'string' } },
      },
    },
  },
} as const;

const countList = { type: 'array', items: { type: 'object', properties: { key: nullableString, count: { type: 'integer' } } } } as const;
export const stats = {
  type: 'object',
  properties: { from: { type: 'string' }, to: { type: 'string' }, total: { type: 'integer' }, region: countList, category: countList, industry: countList, severity: countList, status: countList },
} as const;

export const auditEntries = {
  type: 'object',
  properties: {
    total: { type: 'integer' },
    page: { type: 'integer' },
    pageSize: { type: 'integer' },
    entries: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          seq: { type: 'integer' },
          at: { type: 'string' },
          actorId: nullableString,
          action: { type: 'string' },
          caseId: nullableString,
          detail: { type: 'object', additionalProperties: true },
          hash: { type: 'string' },
        },
      },
    },
  },
} as const;

export const errors4xx = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse } as const;

export { nullable };
