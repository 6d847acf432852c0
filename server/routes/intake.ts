// The public reporter API: recipient keys, report submission, status by lookup id.
import type { FastifyInstance } from 'fastify';
import type { AbuseGuard, PowSolution } from '../abuse/guard.ts';
import { caseStatus, recipientsFor, submitReport, type IntakeDeps, type ReportSubmission } from '../intake/intake.ts';
import { base64url, errorResponse, powSolution } from './schemas.ts';

// A version 1 field envelope is at most 1 + 80 + 24 + 65,536 + 16 bytes: 87,543 base64url characters.
const fieldEnvelope = base64url(1 + 80 + 24 + 1024 + 16, 87_543);
const keyWrap = base64url(108, 108);
const recipientId = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } as const;
const region = { type: 'string', minLength: 2, maxLength: 2, pattern: '^[0-9]{2}$' } as const;
const category = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-z_.]+$' } as const;
const day = { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', maxLength: 10 } as const;

const recipientsSchema = {
  summary: 'Public keys a report for this region and category must be encrypted to',
  querystring: {
    type: 'object',
    additionalProperties: false,
    required: ['region', 'category'],
    properties: { region, category },
  },
  response: {
    200: {
      type: 'object',
      required: ['organisationKey', 'groupId', 'recipients'],
      properties: {
        organisationKey: { type: 'string', description: 'Ed25519 organisation signing key, base64url' },
        groupId: { type: 'string' },
        recipients: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'publicKey', 'signature'],
            properties: { id: { type: 'string' }, publicKey: { type: 'string' }, signature: { type: 'string' } },
          },
        },
      },
    },
    400: errorResponse,
    503: errorResponse,
  },
} as const;

const submitSchema = {
  summary: 'Submit a report encrypted in the browser',
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['version', 'reportId', 'region', 'industry', 'category', 'groupId', 'lookupId', 'reporterSalt', 'reporterWrap', 'recipientWraps', 'content', 'contact', 'pow'],
    properties: {
      pow: powSolution,
      version: { type: 'integer', const: 1 },
      reportId: base64url(22, 22),
      region,
      industry: { type: 'string', minLength: 1, maxLength: 1, pattern: '^[A-Z]$' },
      category,
      groupId: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-z0-9-]+$' },
      lookupId: base64url(43, 43),
      reporterSalt: base64url(22, 22),
      reporterWrap: keyWrap,
      recipientWraps: {
        type: 'array',
        minItems: 1,
        maxItems: 100,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['recipientId', 'wrap'],
          properties: { recipientId, wrap: keyWrap },
        },
      },
      content: fieldEnvelope,
      contact: { anyOf: [fieldEnvelope, { type: 'null' }] },
    },
  },
  response: {
    201: { type: 'object', required: ['receivedDay'], properties: { receivedDay: day } },
    400: errorResponse,
    409: errorResponse,
    413: errorResponse,
    422: errorResponse,
    429: errorResponse,
    503: errorResponse,
  },
} as const;

const statusSchema = {
  summary: 'Status of a case, by the lookup id derived from its code in the browser',
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['lookupId', 'pow'],
    properties: { lookupId: base64url(43, 43), pow: powSolution },
  },
  response: {
    200: {
      type: 'object',
      required: ['status', 'receivedDay'],
      properties: {
        status: { type: 'string', enum: ['new', 'acknowledged', 'in_review', 'inspection_planned', 'referred', 'closed'] },
        receivedDay: day,
      },
    },
    400: errorResponse,
    404: errorResponse,
  },
} as const;

/** Enough for two full 64 KiB envelopes and a hundred wraps in base64url. */
export const reportBodyLimit = 256 * 1024;

export function intakeRoutes(deps: IntakeDeps, guard: AbuseGuard) {
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { region: string; category: string } }>('/api/v1/recipients', { schema: recipientsSchema }, async (request) =>
      recipientsFor(deps, request.query),
    );

    app.post<{ Body: ReportSubmission & { pow: PowSolution } }>('/api/v1/reports', { schema: submitSchema, bodyLimit: reportBodyLimit }, async (request, reply) => {
      guard.checkSolution('submit', request.body.pow);
      guard.admitSubmission();
      const result = await submitReport(deps, request.body);
      return reply.status(201).send(result);
    });

    app.post<{ Body: { lookupId: string; pow: PowSolution } }>('/api/v1/status', { schema: statusSchema }, async (request) => {
      guard.checkSolution('status', request.body.pow);
      return caseStatus(deps, request.body.lookupId);
    });
  };
}
