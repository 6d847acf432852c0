// The public listener's routes (reporter site): what each takes and every answer it gives.
// The server registers these schemas; the reporter page checks answers against them.
import { powPurposes } from './domain.ts';
import type { AnswerOf, BodyOf, QueryOf } from './types.ts';
import {
  bodyErrors,
  category,
  certificate,
  day,
  errorAnswer,
  fieldEnvelopeV2,
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
  signedDirectory,
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

  directory: {
    method: 'GET',
    url: '/api/v1/directory',
    schema: {
      summary: 'The organisation key and the signed directory: who receives which reports (the page verifies it with the key it holds)',
      response: {
        200: object(
          {
            organisationKey: { ...publicKey, description: 'Ed25519 organisation key as the server stores it; the page trusts only the key it was given' },
            directory: { ...nullable(signedDirectory), description: 'the current signed directory; null while none was published' },
          },
          ['organisationKey', 'directory'],
        ),
        /** routing.no_recipients: no organisation is set up yet. */
        422: errorAnswer,
      },
    },
  },

  // POST, the group in the body: a proxy that logs request lines must not log an address beside a region.
  certificates: {
    method: 'POST',
    url: '/api/v1/certificates',
    schema: {
      summary: "Certificates of the keys the current directory lists for a group, and the recovery key's",
      body: object({ group: groupId }, ['group']),
      response: {
        ...bodyErrors,
        200: object({ certificates: { type: 'array', maxItems: 1000, items: certificate } }, ['certificates']),
        400: errorAnswer,
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
          version: { type: 'integer', const: 2 },
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
            items: object({ recipientId: { ...recipientId, description: "the certificate's account id ('recovery' for the recovery key)" }, wrap: keyWrap }, ['recipientId', 'wrap']),
          },
          content: fieldEnvelopeV2,
          contact: nullable(fieldEnvelopeV2),
        },
        ['version', 'reportId', 'region', 'industry', 'category', 'groupId', 'lookupId', 'reporterSalt', 'reporterWrap', 'recipientWraps', 'content', 'contact', 'pow'],
      ),
      response: {
        201: object({ receivedDay: day }, ['receivedDay']),
        ...bodyErrors,
        /** request.invalid, or report.invalid: the envelopes' metadata is not the body's region, industry, category and group. */
        400: errorAnswer,
        409: errorAnswer,
        413: errorAnswer,
        /** report.recipients_changed: the group or the wraps are not what the signed directory routes to; routing.no_recipients. */
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
export type DirectoryAnswer = AnswerOf<PublicApi['directory']>;
export type CertificatesBody = BodyOf<PublicApi['certificates']>;
export type CertificatesAnswer = AnswerOf<PublicApi['certificates']>;
export type PowSolution = BodyOf<PublicApi['caseStatus']>['pow'];
/** A report as sent, without its proof of work. */
export type ReportBody = Omit<BodyOf<PublicApi['submitReport']>, 'pow'>;
export type ReportReceipt = AnswerOf<PublicApi['submitReport']>;
export type CaseStatusAnswer = AnswerOf<PublicApi['caseStatus']>;
