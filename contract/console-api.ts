// The console listener's routes (inspector console, server/CONSOLE-API.md): what each takes and
// every answer it gives. The server registers these schemas; the console checks answers against them.
import { accountStatuses, caseEventKinds, caseSorts, deadlineStages, groupKinds, keyStates, pageSizes, sortOrders } from './domain.ts';
import type { AnswerOf, BodyOf, QueryOf } from './types.ts';
import {
  accountId,
  anyKeyEnvelope,
  authValue,
  certificate,
  category,
  day,
  deadlines,
  displayName,
  bodyErrors,
  errorAnswer,
  fieldEnvelope,
  groupId,
  industry,
  keyEnvelope,
  keyWrap,
  noContent,
  noteEnvelope,
  nullable,
  object,
  outcome,
  paramErrors,
  plainText,
  publicKey,
  region,
  reportId,
  role,
  passphraseSalt,
  severity,
  signedDirectory,
  status,
  timestamp,
  token,
  username,
  wrappedSigningKey,
  storedCategory,
  storedIndustry,
  storedRegion,
} from './schemas.ts';

/** The client errors any signed-in route may answer. */
const clientErrors = { 400: errorAnswer, 401: errorAnswer, 403: errorAnswer, 404: errorAnswer, 409: errorAnswer } as const;

const caseId = reportId;

/** Unauthenticated attempts over the address's budget or the passphrase checks' queue (auth.rate_limited). */
const rateLimited = { 429: errorAnswer } as const;
/** A refused sign-in (auth.failed, auth.rate_limited) also says how long the next attempt at this username will wait, in seconds. */
const loginRefused = object({ error: object({ ...errorAnswer.properties.error.properties, retryAfterSeconds: { type: 'integer', minimum: 0, maximum: 3600 } }, ['code', 'message']) }, ['error']);
const totpCode = { type: 'string', minLength: 6, maxLength: 6, pattern: '^[0-9]{6}$' } as const;
/** A positive page number in a query string. */
const pageNumber = { type: 'string', minLength: 1, maxLength: 6, pattern: '^[1-9][0-9]*$' } as const;
const count = { type: 'integer', minimum: 0 } as const;
const groupName = plainText(200);

const accountParams = object({ id: accountId }, ['id']);
const caseParams = object({ id: caseId }, ['id']);
const groupParams = object({ id: groupId }, ['id']);

const me = object(
  {
    id: accountId,
    username,
    displayName,
    role,
    /** 89 bytes: made before key bundles (the console then asks to upgrade it); 122: a bundle with the organisation key. */
    keyEnvelope: anyKeyEnvelope,
    publicKey,
    /** The account's Ed25519 public key; null for a legacy account not yet upgraded. */
    signingKey: nullable(publicKey),
    /** The account's stored certificate (the browser checks it names its own keys). */
    certificate: nullable(certificate),
    groups: { type: 'array', maxItems: 1000, items: groupId },
    totpEnabled: { type: 'boolean' },
    keyState: { type: 'string', enum: keyStates },
    /** Administrators: some account's key awaits a certificate. */
    mustSign: { type: 'boolean' },
  },
  ['id', 'username', 'displayName', 'role', 'keyEnvelope', 'publicKey', 'signingKey', 'certificate', 'groups', 'totpEnabled', 'keyState', 'mustSign'],
);
const session = object({ csrfToken: token, me }, ['csrfToken', 'me']);

const caseSummaryProperties = {
  id: caseId,
  receivedDay: day,
  status,
  region: storedRegion,
  industry: storedIndustry,
  category: storedCategory,
  groupId,
  severity: nullable(severity),
  group: { type: 'boolean' },
  assigneeId: nullable(accountId),
  outcome: nullable(outcome),
  closedDay: nullable(day),
  deadlines,
  overdue: { type: 'array', maxItems: deadlineStages.length, items: { type: 'string', enum: deadlineStages } },
} as const;
const caseSummaryKeys = ['id', 'receivedDay', 'status', 'region', 'industry', 'category', 'groupId', 'severity', 'group', 'assigneeId', 'outcome', 'closedDay', 'deadlines', 'overdue'] as const;
const caseSummary = object(caseSummaryProperties, caseSummaryKeys);
/** A case an administrator can pass on from a departed inspector through the recovery key. */
const recoveryCase = object(
  { id: caseId, receivedDay: day, category: storedCategory, region: storedRegion, status },
  ['id', 'receivedDay', 'category', 'region', 'status'],
);
/** At most this many cases of one account in one answer (ordered by case id). */
export const recoveryCasesMax = 10_000;

/** kind 'status': from/to are statuses; the other kinds: the changed value. */
const caseEvent = object(
  {
    kind: { type: 'string', enum: caseEventKinds },
    from: nullable({ type: 'string', maxLength: 200 }),
    to: nullable({ type: 'string', maxLength: 200 }),
    outcome: nullable(outcome),
    actorId: accountId,
    actorName: nullable(displayName),
    at: timestamp,
  },
  ['kind', 'from', 'to', 'outcome', 'actorId', 'actorName', 'at'],
);
const note = object({ id: { type: 'string', minLength: 1, maxLength: 64 }, authorId: accountId, createdAt: timestamp, ciphertext: noteEnvelope }, ['id', 'authorId', 'createdAt', 'ciphertext']);
const caseNote = object({ ...note.properties, authorName: nullable(displayName) }, ['id', 'authorId', 'authorName', 'createdAt', 'ciphertext']);
const caseDetail = object(
  {
    ...caseSummaryProperties,
    events: { type: 'array', maxItems: 10_000, items: caseEvent },
    /** Ciphertexts; null when the caller holds no key wrap for this case. */
    content: nullable(fieldEnvelope),
    /** The contact ciphertext is handed out only on request (POST …/contact), which the audit log records. */
    hasContact: { type: 'boolean' },
    wrap: nullable(keyWrap),
    notes: { type: 'array', maxItems: 10_000, items: caseNote },
  },
  [...caseSummaryKeys, 'events', 'content', 'hasContact', 'wrap', 'notes'],
);

const group = object(
  {
    id: groupId,
    kind: { type: 'string', enum: groupKinds },
    regionKato: nullable(storedRegion),
    nameKk: groupName,
    nameRu: groupName,
    nameEn: groupName,
    activeRecipients: count,
    members: { type: 'array', maxItems: 10_000, items: accountId },
  },
  ['id', 'kind', 'regionKato', 'nameKk', 'nameRu', 'nameEn', 'activeRecipients', 'members'],
);

const colleague = object({ id: accountId, username, displayName, publicKey, certificate }, ['id', 'username', 'displayName', 'publicKey', 'certificate']);

/** A certificate with the account it is for ('recovery' for the recovery key). */
const certifiedAccount = object({ accountId: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }, certificate }, ['accountId', 'certificate']);
const certifiedAccounts = { type: 'array', maxItems: 1000, items: certifiedAccount } as const;

const account = object(
  {
    id: accountId,
    username,
    displayName,
    role,
    status: { type: 'string', enum: accountStatuses },
    groups: { type: 'array', maxItems: 1000, items: groupId },
    keyState: { type: 'string', enum: keyStates },
    totpEnabled: { type: 'boolean' },
    /** Needed to certify it and to add the account as a case recipient. */
    publicKey,
    /** The account's Ed25519 public key; null for a legacy account not yet upgraded (it cannot be certified yet). */
    signingKey: nullable(publicKey),
    /** The account's stored certificate, if any. */
    certificate: nullable(certificate),
  },
  ['id', 'username', 'displayName', 'role', 'status', 'groups', 'keyState', 'totpEnabled', 'publicKey', 'signingKey', 'certificate'],
);

const deadlineNumbers = {
  acknowledgeDays: { type: 'integer', minimum: 0, maximum: 366 },
  triageWorkingDays: { type: 'integer', minimum: 0, maximum: 366 },
  answerWorkingDays: { type: 'integer', minimum: 0, maximum: 366 },
  feedbackMonths: { type: 'integer', minimum: 0, maximum: 60 },
} as const;
/** The government's transfers on top of Kazakhstan's public holidays (server/domain/deadlines.ts): extra days off… */
const holidays = { type: 'array', maxItems: 400, items: day } as const;
/** …and Saturdays or Sundays made working days. */
const workingDays = holidays;
/** An IANA time zone name such as Asia/Almaty. */
const timeZone = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_+/-]+$' } as const;

const organisation = object(
  {
    name: plainText(200),
    signingPublicKey: publicKey,
    /** Administrators only: the organisation signing key, wrapped. */
    wrappedSigningKey,
    /** What wrappedSigningKey is wrapped under: an administrator's login passphrase (before this was fixed) or the organisation passphrase. */
    signingKeyProtection: { type: 'string', enum: ['login_passphrase', 'organisation_passphrase'] },
    recoveryPublicKey: nullable(publicKey),
    recoveryCertificate: nullable(certificate),
    /** The version of the current signed directory; null before the first. */
    directoryVersion: nullable({ type: 'integer', minimum: 1 }),
    /** The server's TIME_ZONE: the console shows every day and time in it. */
    timeZone,
    settings: object(
      {
        requireTotp: { type: 'boolean' },
        retentionDays: { type: 'integer', minimum: 1, maximum: 36_500 },
        deadlines: object(deadlineNumbers, ['acknowledgeDays', 'triageWorkingDays', 'answerWorkingDays', 'feedbackMonths']),
        holidays,
        workingDays,
      },
      ['requireTotp', 'retentionDays', 'deadlines', 'holidays', 'workingDays'],
    ),
  },
  ['name', 'signingPublicKey', 'signingKeyProtection', 'recoveryPublicKey', 'recoveryCertificate', 'directoryVersion', 'timeZone', 'settings'],
);

const countList = { type: 'array', maxItems: 10_000, items: object({ key: nullable({ type: 'string', maxLength: 64 }), count }, ['key', 'count']) } as const;

const auditEntry = object(
  {
    seq: count,
    at: timestamp,
    actorId: nullable(accountId),
    action: { type: 'string', minLength: 1, maxLength: 64 },
    caseId: nullable(caseId),
    detail: { type: 'object', additionalProperties: true },
    hash: { type: 'string', minLength: 64, maxLength: 64, pattern: '^[0-9a-f]+$' },
  },
  ['seq', 'at', 'actorId', 'action', 'caseId', 'detail', 'hash'],
);

/** What adding a recipient to a case answers. */
const rewrapAnswer = object({ caseId, accountId }, ['caseId', 'accountId']);

export const consoleApi = {
  // --- Setup (only while no administrator account exists) ---
  setupState: {
    method: 'GET',
    url: '/api/console/setup',
    schema: {
      summary: 'Whether setup is needed; with the setup token, an organisation made by the CLI to adopt',
      querystring: object({ token }, []),
      response: {
        200: object(
          {
            needed: { type: 'boolean' },
            organisation: object(
              {
                name: plainText(200),
                signingPublicKey: publicKey,
                wrappedSigningKey,
                /** The CLI's current directory and certificates, which the adopting browser extends (version + 1). */
                directory: nullable(signedDirectory),
                certificates: certifiedAccounts,
              },
              ['name', 'signingPublicKey', 'wrappedSigningKey'],
            ),
          },
          ['needed'],
        ),
        400: errorAnswer,
      },
    },
  },
  setup: {
    method: 'POST',
    url: '/api/console/setup',
    // A directory and the certificates of an adopted organisation do not fit the usual 16 KiB.
    bodyLimit: 8 * 1024 * 1024,
    schema: {
      summary: 'Create the organisation, its default groups and the first administrator',
      body: object(
        {
          token,
          organisationName: plainText(200),
          username,
          displayName,
          authValue,
          keyEnvelope,
          publicKey,
          /** The administrator's Ed25519 public key (derived from their X25519 private key). */
          accountSigningKey: publicKey,
          /** The organisation key. */
          signingPublicKey: publicKey,
          /** The organisation key wrapped under the organisation passphrase (not the administrator's). */
          wrappedSigningKey,
          recoveryPublicKey: publicKey,
          recoveryCertificate: certificate,
          adminCertificate: certificate,
          /** The first directory version made here (the CLI's version + 1 when adopting). */
          directory: signedDirectory,
          /** Certificates the CLI issued, re-issued by the adopting browser (optional). */
          certificates: certifiedAccounts,
          /** Chosen by the browser, so the organisation key can certify the administrator's key before the account exists. */
          accountId: { type: 'string', minLength: 12, maxLength: 22, pattern: '^[A-Za-z0-9_-]+$' },
        },
        [
          'token',
          'organisationName',
          'username',
          'displayName',
          'authValue',
          'keyEnvelope',
          'publicKey',
          'accountSigningKey',
          'signingPublicKey',
          'wrappedSigningKey',
          'recoveryPublicKey',
          'recoveryCertificate',
          'adminCertificate',
          'directory',
          'accountId',
        ],
      ),
      response: { ...bodyErrors, 201: session, ...clientErrors, ...rateLimited },
    },
  },

  // --- Sign-in and session ---
  loginSalt: {
    method: 'POST',
    url: '/api/console/login/salt',
    schema: {
      summary: 'The salt of an account’s passphrase (a stable fake one for unknown usernames)',
      body: object({ username }, ['username']),
      response: { ...bodyErrors, 200: object({ salt: passphraseSalt }, ['salt']), 400: errorAnswer, ...rateLimited },
    },
  },
  login: {
    method: 'POST',
    url: '/api/console/login',
    schema: {
      summary: 'Sign in with the authentication value derived from the passphrase in the browser',
      body: object({ username, authValue, totp: totpCode }, ['username', 'authValue']),
      response: { ...bodyErrors, 200: session, ...clientErrors, 401: loginRefused, 429: loginRefused },
    },
  },
  logout: {
    method: 'POST',
    url: '/api/console/logout',
    schema: { summary: 'End the session', response: { ...bodyErrors, 204: noContent, ...clientErrors } },
  },
  me: {
    method: 'GET',
    url: '/api/console/me',
    schema: { summary: 'The signed-in account and the CSRF token', response: { 200: session, ...clientErrors } },
  },
  upgradeKeys: {
    method: 'PUT',
    url: '/api/console/me/keys',
    schema: {
      summary: 'Replace a legacy key envelope by a key bundle with the organisation key (same salt), and record the signing key',
      body: object({ keyEnvelope, signingKey: publicKey }, ['keyEnvelope', 'signingKey']),
      response: { ...bodyErrors, 204: noContent, ...clientErrors },
    },
  },
  totpSetup: {
    method: 'POST',
    url: '/api/console/totp/setup',
    schema: {
      summary: 'Start setting up an authenticator app',
      response: { ...bodyErrors, 200: object({ secret: { type: 'string', minLength: 16, maxLength: 128, pattern: '^[A-Z2-7]+$' }, otpauthUrl: { type: 'string', minLength: 1, maxLength: 1000 } }, ['secret', 'otpauthUrl']), ...clientErrors },
    },
  },
  totpConfirm: {
    method: 'POST',
    url: '/api/console/totp/confirm',
    schema: { summary: 'Confirm the authenticator app with a code from it', body: object({ code: totpCode }, ['code']), response: { ...bodyErrors, 204: noContent, ...clientErrors } },
  },

  // --- Invitations ---
  invite: {
    method: 'POST',
    url: '/api/console/invitations',
    schema: {
      summary: 'Invite someone (admin); the token travels in the link’s fragment',
      body: object({ role, displayName, groupIds: { type: 'array', maxItems: 50, items: groupId } }, ['role', 'displayName', 'groupIds']),
      response: { ...bodyErrors, 201: object({ invitationUrl: { type: 'string', minLength: 1, maxLength: 2000 } }, ['invitationUrl']), ...clientErrors },
    },
  },
  // The invitation token travels in the link's fragment and in request bodies, never in a path a proxy logs.
  invitation: {
    method: 'POST',
    url: '/api/console/invitations/lookup',
    schema: {
      summary: 'Who an invitation is for',
      body: object({ token }, ['token']),
      // organisationKey: the server's organisation key, shown (as a fingerprint to compare) only when the link carries none.
      response: { ...bodyErrors, 200: object({ displayName, role, organisationName: { type: 'string', maxLength: 200 }, invitedBy: displayName, organisationKey: publicKey }, ['displayName', 'role', 'organisationName']), 400: errorAnswer, 404: errorAnswer },
    },
  },
  acceptInvitation: {
    method: 'POST',
    url: '/api/console/invitations/accept',
    schema: {
      summary: 'Accept an invitation with a key pair made in the browser',
      body: object({ token, username, authValue, keyEnvelope, publicKey, signingKey: publicKey }, ['token', 'username', 'authValue', 'keyEnvelope', 'publicKey', 'signingKey']),
      response: { ...bodyErrors, 201: session, ...clientErrors, ...rateLimited },
    },
  },

  // --- Accounts, organisation, groups ---
  colleagues: {
    method: 'GET',
    url: '/api/console/colleagues',
    schema: { summary: 'Active colleagues with a certificate: whom a case can be shared with', response: { 200: { type: 'array', maxItems: 10_000, items: colleague }, ...clientErrors } },
  },
  accounts: {
    method: 'GET',
    url: '/api/console/accounts',
    schema: { summary: 'Every staff account (admin)', response: { 200: { type: 'array', maxItems: 10_000, items: account }, ...clientErrors } },
  },
  disableAccount: {
    method: 'POST',
    url: '/api/console/accounts/:id/disable',
    schema: { summary: 'Disable an account: its sessions end and its key receives no new report', params: accountParams, response: { ...bodyErrors, ...paramErrors, 204: noContent, ...clientErrors } },
  },
  enableAccount: {
    method: 'POST',
    url: '/api/console/accounts/:id/enable',
    schema: { summary: 'Enable an account again', params: accountParams, response: { ...bodyErrors, ...paramErrors, 204: noContent, ...clientErrors } },
  },
  directory: {
    method: 'GET',
    url: '/api/console/directory',
    schema: {
      summary: 'The current signed directory and every stored certificate (disabled accounts and the recovery key included)',
      response: { 200: object({ directory: nullable(signedDirectory), certificates: { type: 'array', maxItems: 10_000, items: certifiedAccount } }, ['directory', 'certificates']), ...clientErrors },
    },
  },
  publishDirectory: {
    method: 'PUT',
    url: '/api/console/directory',
    // A directory (at most 360,000 characters) and up to 1,000 certificates (5,600 each).
    bodyLimit: 8 * 1024 * 1024,
    schema: {
      summary: 'Publish the next directory version with new or re-issued certificates, all signed in the admin’s browser (admin)',
      body: object({ directory: signedDirectory, certificates: certifiedAccounts }, ['directory', 'certificates']),
      response: { ...bodyErrors, 200: object({ version: { type: 'integer', minimum: 1 } }, ['version']), ...clientErrors },
    },
  },
  organisation: {
    method: 'GET',
    url: '/api/console/organisation',
    schema: { summary: 'The organisation, its keys and settings', response: { 200: organisation, ...clientErrors } },
  },
  replaceSigningKeyWrap: {
    method: 'PUT',
    url: '/api/console/organisation/signing-key',
    schema: {
      summary: 'Store the organisation key wrapped under the organisation passphrase (admin)',
      body: object({ wrappedSigningKey }, ['wrappedSigningKey']),
      response: { ...bodyErrors, 204: noContent, ...clientErrors },
    },
  },
  updateSettings: {
    method: 'PATCH',
    url: '/api/console/organisation',
    schema: {
      summary: 'Change the organisation’s settings (admin)',
      body: object({ requireTotp: { type: 'boolean' }, retentionDays: { type: 'integer', minimum: 1, maximum: 36_500 }, deadlines: object(deadlineNumbers, []), holidays, workingDays }, []),
      response: { ...bodyErrors, 200: organisation, ...clientErrors },
    },
  },
  groups: {
    method: 'GET',
    url: '/api/console/groups',
    schema: { summary: 'Recipient groups with their members', response: { 200: { type: 'array', maxItems: 10_000, items: group }, ...clientErrors } },
  },
  renameGroup: {
    method: 'PATCH',
    url: '/api/console/groups/:id',
    schema: { summary: 'Rename a group (admin)', params: groupParams, body: object({ nameKk: groupName, nameRu: groupName, nameEn: groupName }, ['nameKk', 'nameRu', 'nameEn']), response: { ...bodyErrors, ...paramErrors, 200: group, ...clientErrors } },
  },
  setGroupMembers: {
    method: 'PUT',
    url: '/api/console/groups/:id/members',
    schema: { summary: 'Set a group’s members (admin)', params: groupParams, body: object({ accountIds: { type: 'array', maxItems: 1000, items: accountId } }, ['accountIds']), response: { ...bodyErrors, ...paramErrors, 200: group, ...clientErrors } },
  },

  // --- Cases ---
  cases: {
    method: 'GET',
    url: '/api/console/cases',
    schema: {
      summary: 'The queue of cases the caller may work, filtered, sorted and paged',
      querystring: object(
        {
          status,
          category,
          region,
          industry,
          severity,
          assignee: accountId,
          overdue: { type: 'string', enum: ['true', 'false'] },
          sort: { type: 'string', enum: caseSorts },
          order: { type: 'string', enum: sortOrders },
          page: pageNumber,
          pageSize: { type: 'string', enum: pageSizes },
        },
        [],
      ),
      response: {
        200: object(
          { total: count, page: { type: 'integer', minimum: 1 }, pageSize: { type: 'integer', minimum: 1 }, counters: object({ new: count, overdue: count }, ['new', 'overdue']), items: { type: 'array', maxItems: 200, items: caseSummary } },
          ['total', 'page', 'pageSize', 'counters', 'items'],
        ),
        ...clientErrors,
      },
    },
  },
  case: {
    method: 'GET',
    url: '/api/console/cases/:id',
    schema: { summary: 'A case: clear metadata, history, ciphertexts and the caller’s key wrap (audited)', params: caseParams, response: { ...paramErrors, 200: caseDetail, ...clientErrors } },
  },
  contact: {
    method: 'POST',
    url: '/api/console/cases/:id/contact',
    schema: { summary: 'The contact details’ ciphertext, on this explicit, audited request', params: caseParams, response: { ...bodyErrors, ...paramErrors, 200: object({ contact: nullable(fieldEnvelope) }, ['contact']), ...clientErrors } },
  },
  transition: {
    method: 'POST',
    url: '/api/console/cases/:id/transition',
    schema: { summary: 'Move a case along the workflow', params: caseParams, body: object({ to: status, outcome }, ['to']), response: { ...bodyErrors, ...paramErrors, 200: caseSummary, ...clientErrors } },
  },
  updateCase: {
    method: 'PATCH',
    url: '/api/console/cases/:id',
    schema: {
      summary: 'Triage: severity, group accident, assignee',
      params: caseParams,
      body: { ...object({ severity: nullable(severity), group: { type: 'boolean' }, assigneeId: nullable(accountId) }, []), minProperties: 1 },
      response: { ...bodyErrors, ...paramErrors, 200: caseSummary, ...clientErrors },
    },
  },
  addNote: {
    method: 'POST',
    url: '/api/console/cases/:id/notes',
    bodyLimit: 128 * 1024,
    schema: { summary: 'An internal note, encrypted for the case’s recipients', params: caseParams, body: object({ ciphertext: noteEnvelope }, ['ciphertext']), response: { ...bodyErrors, ...paramErrors, 201: note, ...clientErrors } },
  },
  addRecipient: {
    method: 'POST',
    url: '/api/console/cases/:id/recipients',
    schema: { summary: 'Share a case: the case key re-wrapped in the browser for a colleague', params: caseParams, body: object({ accountId, wrap: keyWrap }, ['accountId', 'wrap']), response: { ...bodyErrors, ...paramErrors, 201: rewrapAnswer, ...clientErrors } },
  },

  // --- Recovery (admin) ---
  recoveryWrap: {
    method: 'GET',
    url: '/api/console/recovery/cases/:id',
    schema: { summary: 'The recovery key’s wrap of a case key', params: caseParams, response: { ...paramErrors, 200: object({ reportId: caseId, wrap: keyWrap }, ['reportId', 'wrap']), ...clientErrors } },
  },
  recoveryRewrap: {
    method: 'POST',
    url: '/api/console/recovery/rewrap',
    schema: { summary: 'A case key re-wrapped through the recovery key for an inspector', body: object({ caseId, accountId, wrap: keyWrap }, ['caseId', 'accountId', 'wrap']), response: { ...bodyErrors, 201: rewrapAnswer, ...clientErrors } },
  },
  recoveryCasesOf: {
    method: 'GET',
    url: '/api/console/recovery/accounts/:id/cases',
    schema: {
      summary: 'The cases not closed that an account and the recovery key both hold a key for, by case id (audited)',
      params: accountParams,
      response: { ...paramErrors, 200: object({ cases: { type: 'array', maxItems: recoveryCasesMax, items: recoveryCase } }, ['cases']), ...clientErrors },
    },
  },

  // --- Audit and statistics ---
  audit: {
    method: 'GET',
    url: '/api/console/audit',
    schema: {
      summary: 'The audit log, newest first (admin)',
      querystring: object({ page: pageNumber }, []),
      response: { 200: object({ total: count, page: { type: 'integer', minimum: 1 }, pageSize: { type: 'integer', minimum: 1 }, entries: { type: 'array', maxItems: 1000, items: auditEntry } }, ['total', 'page', 'pageSize', 'entries']), ...clientErrors },
    },
  },
  stats: {
    method: 'GET',
    url: '/api/console/stats',
    schema: {
      summary: 'Counts of cases by clear metadata (analyst, admin)',
      querystring: object({ from: day, to: day }, []),
      response: {
        200: object({ from: day, to: day, total: count, region: countList, category: countList, industry: countList, severity: countList, status: countList }, ['from', 'to', 'total', 'region', 'category', 'industry', 'severity', 'status']),
        ...clientErrors,
      },
    },
  },
} as const;

export type ConsoleApi = typeof consoleApi;
export type SetupState = AnswerOf<ConsoleApi['setupState']>;
export type LoginSalt = AnswerOf<ConsoleApi['loginSalt']>;
export type SessionAnswer = AnswerOf<ConsoleApi['me']>;
export type TotpSecret = AnswerOf<ConsoleApi['totpSetup']>;
export type InvitationLink = AnswerOf<ConsoleApi['invite']>;
export type ContactCiphertext = AnswerOf<ConsoleApi['contact']>;
export type RecoveryWrap = AnswerOf<ConsoleApi['recoveryWrap']>;
export type Rewrapped = AnswerOf<ConsoleApi['addRecipient']>;
export type Me = SessionAnswer['me'];
export type UpgradeKeysBody = BodyOf<ConsoleApi['upgradeKeys']>;
export type ConsoleDirectory = AnswerOf<ConsoleApi['directory']>;
export type CertifiedAccount = ConsoleDirectory['certificates'][number];
export type PublishDirectoryBody = BodyOf<ConsoleApi['publishDirectory']>;
export type PublishedDirectory = AnswerOf<ConsoleApi['publishDirectory']>;
export type SigningKeyWrapBody = BodyOf<ConsoleApi['replaceSigningKeyWrap']>;
export type SetupBody = BodyOf<ConsoleApi['setup']>;
export type LoginBody = BodyOf<ConsoleApi['login']>;
export type InvitationBody = BodyOf<ConsoleApi['invite']>;
export type Invitation = AnswerOf<ConsoleApi['invitation']>;
export type AcceptBody = BodyOf<ConsoleApi['acceptInvitation']>;
export type Colleague = AnswerOf<ConsoleApi['colleagues']>[number];
export type Account = AnswerOf<ConsoleApi['accounts']>[number];
export type Organisation = AnswerOf<ConsoleApi['organisation']>;
export type SettingsPatch = BodyOf<ConsoleApi['updateSettings']>;
export type Group = AnswerOf<ConsoleApi['groups']>[number];
export type GroupNames = BodyOf<ConsoleApi['renameGroup']>;
export type QueueQuery = QueryOf<ConsoleApi['cases']>;
/** What the queue can be narrowed to (the query's filters). */
export type CaseFilters = Pick<QueueQuery, 'status' | 'category' | 'region' | 'industry' | 'severity' | 'assignee'>;
export type CaseList = AnswerOf<ConsoleApi['cases']>;
export type CaseSummary = CaseList['items'][number];
export type CaseDetail = AnswerOf<ConsoleApi['case']>;
export type CaseEvent = CaseDetail['events'][number];
export type Note = AnswerOf<ConsoleApi['addNote']>;
export type CaseNote = CaseDetail['notes'][number];
export type Deadlines = CaseSummary['deadlines'];
export type TransitionBody = BodyOf<ConsoleApi['transition']>;
export type CasePatch = BodyOf<ConsoleApi['updateCase']>;
export type RewrapBody = BodyOf<ConsoleApi['recoveryRewrap']>;
export type RecoveryCase = AnswerOf<ConsoleApi['recoveryCasesOf']>['cases'][number];
export type AuditPage = AnswerOf<ConsoleApi['audit']>;
export type AuditEntry = AuditPage['entries'][number];
export type StatsQuery = QueryOf<ConsoleApi['stats']>;
export type Statistics = AnswerOf<ConsoleApi['stats']>;
