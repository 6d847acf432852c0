// JSON Schema pieces that routes of both listeners share. Plain objects `as const`, so the server
// registers them as they are and json-schema-to-ts derives every request and answer type from them.
import { errorCodes } from './errors.ts';
import { caseStatuses, deadlineStages, outcomes, roles, severities } from './domain.ts';
import * as wire from '../crypto/formats.ts';

/** Unpadded base64url (RFC 4648 §5) of an exact or bounded length, in characters. */
export const base64url = <Min extends number, Max extends number>(minLength: Min, maxLength: Max) =>
  ({ type: 'string', minLength, maxLength, pattern: '^[A-Za-z0-9_-]+$' }) as const;

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

// Clear case metadata: its values are checked against the catalogue (../shared/data) as well.
/** KATO prefix of a region (two digits). */
export const region = { type: 'string', minLength: 2, maxLength: 2, pattern: '^[0-9]{2}$' } as const;
/** OKED section letter. */
export const industry = { type: 'string', minLength: 1, maxLength: 1, pattern: '^[A-Z]$' } as const;
/** Report category id, dotted below its parent ('injury.concealed'). */
export const category = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-z_.]+$' } as const;

export const status = { type: 'string', enum: caseStatuses } as const;
export const outcome = { type: 'string', enum: outcomes } as const;
export const severity = { type: 'string', enum: severities } as const;
export const role = { type: 'string', enum: roles } as const;

export const accountId = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } as const;
export const groupId = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-z0-9-]+$' } as const;
export const username = { type: 'string', minLength: 3, maxLength: 64, pattern: '^[a-z0-9._-]+$' } as const;
export const displayName = plainText(120);

// Byte formats, by their lengths in crypto/ (crypto/formats.ts).
export const reportId = base64url(wire.reportIdChars, wire.reportIdChars);
export const lookupId = base64url(wire.lookupIdChars, wire.lookupIdChars);
/** A reporter's per-case salt. */
export const salt = base64url(wire.reporterSaltChars, wire.reporterSaltChars);
/** A passphrase envelope's salt (the console's login salt). */
export const passphraseSalt = base64url(wire.passphraseSaltChars, wire.passphraseSaltChars);
export const publicKey = base64url(wire.publicKeyChars, wire.publicKeyChars);
export const signature = base64url(wire.recipientSignatureChars, wire.recipientSignatureChars);
export const keyWrap = base64url(wire.keyWrapChars, wire.keyWrapChars);
export const fieldEnvelope = base64url(wire.fieldEnvelopeMinChars, wire.fieldEnvelopeMaxChars);
export const keyEnvelope = base64url(wire.keyEnvelopeChars, wire.keyEnvelopeChars);
export const wrappedSigningKey = base64url(wire.wrappedSigningKeyChars, wire.wrappedSigningKeyChars);
/** 32 random bytes: session, setup and invitation tokens. */
export const token = base64url(43, 43);
export const authValue = base64url(wire.authValueChars, wire.authValueChars);

/** A solved proof-of-work challenge: the challenge token and the nonce found for it. */
export const powSolution = object({ challenge: base64url(wire.powChallengeChars, wire.powChallengeChars), nonce: base64url(wire.powNonceChars, wire.powNonceChars) }, ['challenge', 'nonce']);

export const errorAnswer = object({ error: object({ code: { type: 'string', enum: errorCodes }, message: { type: 'string', maxLength: 1000 } }, ['code', 'message']) }, ['error']);

/** Due days of a case by stage. */
export const deadlines = object(
  { acknowledge: day, triage: day, answer: day, feedback: day },
  deadlineStages,
);

export const noContent = { type: 'null' } as const;
