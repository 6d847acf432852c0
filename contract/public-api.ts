// The public listener's routes (reporter site): what each takes and every answer it gives.
// The server registers these schemas; the reporter page checks answers against them.
import { powPurposes } from './domain.ts';
import type { AnswerOf, BodyOf, QueryOf } from './types.ts';
import {
  bodyErrors,
  category,
  day,
  errorAnswer,
  fieldEnvelope,
  groupId,
  industry,
  keyWrap,
  lookupId,
  nullable,
  object,
  powChallenge,
  powSolution,
  publicKey,
  region,
  reportId,
  salt,
  signature,
  status,
} from './schemas.ts';

const recipientId = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } as const;

/** Enough for two full 64 KiB envelopes and a hundred wraps in base64url. */
export const reportBodyLimit = 256 * 1024;

export const publicApi = {
  health: {
    method: 'GET',
    url: '/api/health',
    schema: {
      summary: 'Whether the service can serve; says nothing about cases',
      response: {
        200: object({ status: { type: 'string', enum: ['ok'] } }, ['status']),
        503: object({ status: { type: 'string', enum: ['unavailable'] } }, ['status']),
      },
    },
  },

  challenge: {
    method: 'GET',
    url: '/api/v1/challenge',
    schema: {
      summary: 'A proof-of-work challenge to solve before submitting a report or checking a status',
      querystring: object({ purpose: { type: 'string', enum: powPurposes } }, ['purpose']),
      response: {
        200: object(
          {
            challenge: { ...powChallenge, description: 'the challenge token' },
            difficulty: { type: 'integer', minimum: 0, maximum: 64, description: 'leading zero bits the solution hash must have' },
            expiresInSeconds: { type: 'integer', minimum: 0 },
          },
          ['challenge', 'difficulty', 'expiresInSeconds'],
        ),
        400: errorAnswer,
      },
    },
  },

  recipients: {
    method: 'GET',
    url: '/api/v1/recipients',
    schema: {
      summary: 'Public keys a report for this region and category must be encrypted to',
      querystring: object({ region, category }, ['region', 'category']),
      response: {
        200: object(
          {
            organisationKey: { ...publicKey, description: 'Ed25519 organisation signing key' },
            groupId,
            recipients: {
              type: 'array',
              maxItems: 1000,
              items: object({ id: recipientId, publicKey, signature }, ['id', 'publicKey', 'signature']),
            },
          },
          ['organisationKey', 'groupId', 'recipients'],
        ),
        400: errorAnswer,
        /** routing.no_recipients: nobody receives reports of this category in this region (yet). */
        422: errorAnswer,
      },
    },
  },

  submitReport: {
    method: 'POST',
    url: '/api/v1/reports',
    bodyLimit: reportBodyLimit,
    schema: {
      summary: 'Submit a report encrypted in the browser',
      body: object(
        {
          pow: powSolution,
          version: { type: 'integer', const: 1 },
          reportId,
          region,
          industry,
          category,
          groupId,
          lookupId,
          reporterSalt: salt,
          reporterWrap: keyWrap,
          recipientWraps: {
            type: 'array',
            minItems: 1,
            maxItems: 100,
            items: object({ recipientId, wrap: keyWrap }, ['recipientId', 'wrap']),
          },
          content: fieldEnvelope,
          contact: nullable(fieldEnvelope),
        },
        ['version', 'reportId', 'region', 'industry', 'category', 'groupId', 'lookupId', 'reporterSalt', 'reporterWrap', 'recipientWraps', 'content', 'contact', 'pow'],
      ),
      response: {
        201: object({ receivedDay: day }, ['receivedDay']),
        ...bodyErrors,
        400: errorAnswer,
        409: errorAnswer,
        413: errorAnswer,
        422: errorAnswer,
        429: errorAnswer,
        503: errorAnswer,
        507: errorAnswer,
      },
    },
  },

  caseStatus: {
    method: 'POST',
    url: '/api/v1/status',
    schema: {
      summary: 'Status of a case, by the lookup id derived from its code in the browser',
      body: object({ lookupId, pow: powSolution }, ['lookupId', 'pow']),
      response: {
        200: object({ status, receivedDay: day }, ['status', 'receivedDay']),
        ...bodyErrors,
        404: errorAnswer,
      },
    },
  },
} as const;

export type PublicApi = typeof publicApi;
export type Challenge = AnswerOf<PublicApi['challenge']>;
export type ChallengeQuery = QueryOf<PublicApi['challenge']>;
export type RecipientsQuery = QueryOf<PublicApi['recipients']>;
export type RecipientsAnswer = AnswerOf<PublicApi['recipients']>;
export type PowSolution = BodyOf<PublicApi['caseStatus']>['pow'];
/** A report as sent, without its proof of work. */
export type ReportBody = Omit<BodyOf<PublicApi['submitReport']>, 'pow'>;
export type ReportReceipt = AnswerOf<PublicApi['submitReport']>;
export type CaseStatusAnswer = AnswerOf<PublicApi['caseStatus']>;
