// JSON Schema pieces that routes of both listeners share. Plain objects `as const`, so the server
// registers them as they are and json-schema-to-ts derives every request and answer type from them.
import { errorCodes } from './errors.ts';
import { categoryIds, industryIds, regionIds } from './catalog-ids.ts';
import { caseStatuses, deadlineStages, outcomes, roles, severities } from './domain.ts';
import * as wire from '../crypto/formats.ts';

/** Unpadded base64url (RFC 4648 §5) of an exact or bounded length, in characters: opaque values the server never decodes (ids, tokens). */
export const base64url = <Min extends number, Max extends number>(minLength: Min, maxLength: Max) =>
  ({ type: 'string', minLength, maxLength, pattern: '^[A-Za-z0-9_-]+$' }) as const;

/**
 * Canonical base64url of exactly `bytes` bytes (the only text form crypto/'s decoder takes);
 * `versioned`: the first byte is the format's version, 0x01.
 */
export const bytesOf = <N extends number>(bytes: N, versioned = false) => {
  const length = wire.base64UrlLength(bytes);
  return { type: 'string', minLength: length, maxLength: length, pattern: wire.base64UrlPattern(bytes, versioned) } as const;
};

/** 'YYYY-MM-DD'. */
export const day = { type: 'string', minLength: 10, maxLength: 10, pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' } as const;
/** A full ISO timestamp; only staff actions carry one (reporters' times stay days). */
export const timestamp = { type: 'string', minLength: 20, maxLength: 30 } as const;

/** Names people read: no control characters. */
export const plainText = <Max extends number>(maxLength: Max) => ({ type: 'string', minLength: 1, maxLength, pattern: '^[^\\u0000-\\u001f\\u007f]+$' }) as const;
export const nullable = <const T extends object>(schema: T) => ({ anyOf: [schema, { type: 'null' }] }) as const;

/** An object that takes exactly these properties. */
export const object = <const P extends Record<string, unknown>, const R extends readonly (keyof P & string)[]>(properties: P, required: R) =>
  ({ type: 'object', additionalProperties: false, required, properties }) as const;

// Clear case metadata: the catalogue's ids (../shared/data), the lists the server checks against.
// Typed as plain strings (pages hold a choice from `virtual:catalog`); validation and the OpenAPI
// description carry the closed list.
/** KATO prefix of a region (two digits). */
export const region = { type: 'string', enum: regionIds as readonly string[] } as const;
/** OKED section letter. */
export const industry = { type: 'string', enum: industryIds as readonly string[] } as const;
/** Report category id, dotted below its parent ('concealed_injury.unreported'). */
export const category = { type: 'string', enum: categoryIds as readonly string[] } as const;
// In answers, a stored case keeps the ids it came with even if a later catalogue drops one: the shape only.
export const storedRegion = { type: 'string', minLength: 2, maxLength: 2, pattern: '^[0-9]{2}$' } as const;
export const storedIndustry = { type: 'string', minLength: 1, maxLength: 1, pattern: '^[A-Z]$' } as const;
export const storedCategory = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-z_.]+$' } as const;

export const status = { type: 'string', enum: caseStatuses } as const;
export const outcome = { type: 'string', enum: outcomes } as const;
export const severity = { type: 'string', enum: severities } as const;
export const role = { type: 'string', enum: roles } as const;

export const accountId = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } as const;
export const groupId = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-z0-9-]+$' } as const;
export const username = { type: 'string', minLength: 3, maxLength: 64, pattern: '^[a-z0-9._-]+$' } as const;
export const displayName = plainText(120);

// Byte formats, by their lengths in crypto/ (crypto/formats.ts); the server decodes these.
/** A report's id (a case's id in the console): 16 random bytes the server keeps as text, never decodes. */
export const reportId = base64url(wire.reportIdChars, wire.reportIdChars);
export const lookupId = bytesOf(wire.formatBytes.lookupId);
/** A reporter's per-case salt. */
export const salt = bytesOf(wire.formatBytes.reporterSalt);
/** A passphrase envelope's salt (the console's login salt). */
export const passphraseSalt = bytesOf(wire.formatBytes.passphraseSalt);
export const publicKey = bytesOf(wire.formatBytes.publicKey);
export const signature = bytesOf(wire.formatBytes.recipientSignature, true);
export const keyWrap = bytesOf(wire.formatBytes.keyWrap, true);
/** A version 1 field envelope: 0x01 and 121 + a padding bucket bytes, a power of two from 1,024 to 65,536 (crypto/envelope.ts). Internal notes. */
export const noteEnvelope = {
  type: 'string',
  minLength: wire.fieldEnvelopeMinChars,
  maxLength: wire.fieldEnvelopeMaxChars,
  pattern: wire.fieldEnvelopePattern,
} as const;
/** A version 2 field envelope (report content and contact since version 2): 0x02, metadata bound, 185 + a bucket bytes. */
export const fieldEnvelopeV2 = {
  type: 'string',
  minLength: wire.fieldEnvelopeV2MinChars,
  maxLength: wire.fieldEnvelopeV2MaxChars,
  pattern: wire.fieldEnvelopeV2Pattern,
} as const;
/** A stored field envelope of either version (answers: reports stored before and after version 2). */
export const fieldEnvelope = {
  type: 'string',
  minLength: wire.fieldEnvelopeMinChars,
  maxLength: wire.fieldEnvelopeV2MaxChars,
  pattern: wire.anyFieldEnvelopePattern,
} as const;
/** A staff key envelope as made now: the passphrase envelope of a key bundle (X25519 private key and the organisation key), 122 bytes. */
export const keyEnvelope = bytesOf(wire.formatBytes.keyEnvelope, true);
/** A stored staff key envelope of either kind: 89 bytes (made before key bundles) or 122. */
export const anyKeyEnvelope = {
  type: 'string',
  minLength: wire.legacyKeyEnvelopeChars,
  maxLength: wire.keyEnvelopeChars,
  pattern: wire.anyKeyEnvelopePattern,
} as const;
/** A certificate (crypto/certificate.ts): 0x01, a signature and a canonical payload. */
export const certificate = { type: 'string', minLength: wire.certificateMinChars, maxLength: wire.certificateMaxChars, pattern: wire.versionOnePattern } as const;
/** A signed recipient directory (crypto/directory.ts): 0x01 (0x02 with an alternative channel), a signature and a canonical payload. */
export const signedDirectory = { type: 'string', minLength: wire.directoryMinChars, maxLength: wire.directoryMaxChars, pattern: wire.directoryPattern } as const;
export const wrappedSigningKey = bytesOf(wire.formatBytes.wrappedSigningKey, true);
/** 32 random bytes: session, setup and invitation tokens, compared as text and never decoded. */
export const token = base64url(43, 43);
export const authValue = bytesOf(wire.formatBytes.authValue);

/** A proof-of-work challenge token (crypto/pow.ts). */
export const powChallenge = { type: 'string', minLength: wire.powChallengeChars, maxLength: wire.powChallengeChars, pattern: wire.powChallengePattern } as const;

/** A solved proof-of-work challenge: the challenge token and the nonce found for it. */
export const powSolution = object({ challenge: powChallenge, nonce: bytesOf(wire.formatBytes.powNonce) }, ['challenge', 'nonce']);

export const errorAnswer = object({ error: object({ code: { type: 'string', enum: errorCodes }, message: { type: 'string', maxLength: 1000 } }, ['code', 'message']) }, ['error']);

/** Due days of a case by stage. */
export const deadlines = object(
  { acknowledge: day, triage: day, answer: day, feedback: day },
  deadlineStages,
);

export const noContent = { type: 'null' } as const;

// Statuses a route answers before its handler runs (server/http/hardening.ts, connection-guard.ts);
// the route maps spread them so the description lists every status a route can answer.
/**
 * Any route that takes a body (every POST, PUT and PATCH, even one whose body is empty): not
 * valid (400), too large (413), not JSON (415), too many bodies still arriving from this address
 * (429) or in all (503).
 */
export const bodyErrors = { 400: errorAnswer, 413: errorAnswer, 415: errorAnswer, 429: errorAnswer, 503: errorAnswer } as const;
/** Any route with a path parameter: one not valid (400) or longer than the router takes (414). */
export const paramErrors = { 400: errorAnswer, 414: errorAnswer } as const;
