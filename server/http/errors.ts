// Errors with a dotted code from the one catalogue (contract/errors.ts); one handler
// (http/hardening.ts) renders them as { error: { code, message } }.
import { errorStatuses, type ErrorCode } from '../../contract/errors.ts';

/** What each error says to a developer reading the answer (pages show their own words). */
const messages: Record<ErrorCode, string> = {
  'request.invalid': 'The request is not valid',
  'request.malformed_json': 'The body is not valid JSON',
  'request.too_large': 'The request body is too large',
  'request.unsupported_media_type': 'Send application/json',
  'request.uri_too_long': 'A part of the path is too long',
  'request.timeout': 'The request took too long to arrive; send it again',
  'request.headers_too_large': 'The request headers are too large',
  'request.too_many_uploads': 'Too many requests from your address are still sending their bodies; finish or close one first',
  'request.busy': 'The server is receiving too many requests right now; nothing you sent was kept, try again in a moment',
  not_found: 'Not found',
  method_not_allowed: 'This path does not take this method; see the Allow header',
  rate_limited: 'Too many requests; slow down',
  internal: 'Something went wrong on our side; nothing you sent was kept',
  'case.not_found': 'No case matches this code',
  'report.conflict': 'A report with this identifier already exists',
  'report.recipients_changed': 'The recipients for this region and category have changed; fetch them again',
  'report.invalid': 'The encrypted report names another region, industry, category or group than the submission',
  'routing.no_recipients': 'Nobody can receive reports for this region and category yet',
  'pow.invalid': 'The proof of work is not valid; fetch a new challenge',
  'pow.expired': 'The challenge has expired; fetch a new one',
  'pow.too_easy': 'The challenge is easier than the service asks right now; fetch a new one',
  'intake.busy': 'The service is taking too many reports right now; your report was not sent, try again in a minute',
  'storage.full': 'The service cannot store anything right now (its disk is full or failing); nothing you sent was kept, try again later',
  'auth.required': 'Sign in first',
  'auth.failed': 'Wrong username or passphrase',
  'auth.totp_required': 'Enter the code from your authenticator app',
  'auth.totp_setup_required': 'The organisation requires a second factor: set up your authenticator app first',
  'auth.forbidden': 'Your role does not allow this',
  'auth.rate_limited': 'Too many sign-in attempts right now; try again in a minute',
  'csrf.invalid': 'Missing or wrong x-csrf-token header',
  'setup.done': 'The console is set up already',
  'setup.invalid_token': 'Wrong setup token: use the link the server printed at start',
  'setup.organisation_mismatch': 'An organisation with another signing key exists already',
  'invitation.not_found': 'This invitation does not exist, was used or has expired',
  'account.username_taken': 'This username is taken',
  'account.not_found': 'No such account',
  'account.self': 'You cannot disable your own account',
  'account.not_recipient': 'This account has no signed key and cannot receive cases',
  'key.bad_signature': 'The signature does not verify with the organisation key',
  'key.invalid': 'A key is not well formed',
  'key.mismatch': 'The new key envelope must keep the salt of the current one',
  'key.not_legacy': 'This account’s key envelope already carries the organisation key',
  'directory.invalid': 'The directory or a certificate does not verify with the organisation key, or names something that does not exist',
  'directory.stale': 'Another directory version was published meanwhile; sign the current one again',
  'settings.bad_day': 'A listed day does not exist, is listed twice or in both lists, or a day made working is not a Saturday or Sunday',
  'group.not_found': 'No such group',
  'case.bad_transition': 'The case cannot make this transition',
  'case.outcome_required': 'Closing a case needs an outcome',
  'case.outcome_not_allowed': 'An outcome is given only when closing',
  'case.recipient_exists': 'This account holds a key for the case already',
  'recovery.none': 'No recovery key is set up',
  'totp.invalid': 'Wrong or expired code',
  'totp.not_started': 'Start the authenticator setup first',
  'totp.already_enabled': 'The authenticator app is set up already',
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  /** A refused sign-in (auth.failed, auth.rate_limited): how long the next attempt at this username will wait, in seconds. */
  retryAfterSeconds?: number;
  /** The usual message unless this occurrence says more. */
  constructor(code: ErrorCode, message: string = messages[code]) {
    super(message);
    this.code = code;
    this.statusCode = errorStatuses[code];
  }
}

const fail = (code: ErrorCode, message?: string) => new AppError(code, message);

export const errors = {
  invalidRequest: (message: string) => fail('request.invalid', message),
  notFound: () => fail('not_found'),
  methodNotAllowed: () => fail('method_not_allowed'),
  rateLimited: () => fail('rate_limited'),
  tooManyUploads: () => fail('request.too_many_uploads'),
  requestBusy: () => fail('request.busy'),
  // The reporter side.
  caseNotFound: () => fail('case.not_found'),
  reportConflict: () => fail('report.conflict'),
  recipientsChanged: () => fail('report.recipients_changed'),
  reportInvalid: () => fail('report.invalid'),
  noRecipients: () => fail('routing.no_recipients'),
  powInvalid: () => fail('pow.invalid'),
  powExpired: () => fail('pow.expired'),
  powTooEasy: () => fail('pow.too_easy'),
  intakeBusy: () => fail('intake.busy'),
  storageFull: () => fail('storage.full'),
  // The console.
  authRequired: () => fail('auth.required'),
  authFailed: () => fail('auth.failed'),
  totpRequired: () => fail('auth.totp_required'),
  totpSetupRequired: () => fail('auth.totp_setup_required'),
  forbidden: () => fail('auth.forbidden'),
  authRateLimited: () => fail('auth.rate_limited'),
  csrfInvalid: () => fail('csrf.invalid'),
  setupDone: () => fail('setup.done'),
  setupToken: () => fail('setup.invalid_token'),
  organisationMismatch: () => fail('setup.organisation_mismatch'),
  invitationNotFound: () => fail('invitation.not_found'),
  usernameTaken: () => fail('account.username_taken'),
  accountNotFound: () => fail('account.not_found'),
  accountSelf: () => fail('account.self'),
  notRecipient: () => fail('account.not_recipient'),
  badSignature: () => fail('key.bad_signature'),
  badKey: (what: string) => fail('key.invalid', `${what} is not well formed`),
  keyMismatch: () => fail('key.mismatch'),
  keyNotLegacy: () => fail('key.not_legacy'),
  directoryInvalid: (why?: string) => fail('directory.invalid', why),
  directoryStale: () => fail('directory.stale'),
  badDay: (why: string) => fail('settings.bad_day', why),
  groupNotFound: () => fail('group.not_found'),
  consoleCaseNotFound: () => fail('case.not_found', 'No such case'),
  badTransition: (from: string, to: string) => fail('case.bad_transition', `A case cannot go from ${from} to ${to}`),
  outcomeRequired: () => fail('case.outcome_required'),
  outcomeNotAllowed: () => fail('case.outcome_not_allowed'),
  recipientExists: () => fail('case.recipient_exists'),
  noRecoveryKey: () => fail('recovery.none'),
  totpInvalid: () => fail('totp.invalid'),
  totpNotStarted: () => fail('totp.not_started'),
  totpAlreadyEnabled: () => fail('totp.already_enabled'),
} as const;
