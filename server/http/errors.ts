// Errors with a dotted code and an HTTP status; one handler (plugins/hardening.ts) renders them.
export class AppError extends Error {
  readonly code: string;
  readonly statusCode: number;
  constructor(code: string, statusCode: number, message: string) {
    super(message);
    this.code = code;
    this.statusCode = statusCode;
  }
}

export const errors = {
  invalidRequest: (message: string) => new AppError('request.invalid', 400, message),
  notFound: () => new AppError('not_found', 404, 'Not found'),
  caseNotFound: () => new AppError('case.not_found', 404, 'No case matches this code'),
  reportConflict: () => new AppError('report.conflict', 409, 'A report with this identifier already exists'),
  recipientsChanged: () =>
    new AppError('report.recipients_changed', 422, 'The recipients for this region and category have changed; fetch them again'),
  // The console.
  authRequired: () => new AppError('auth.required', 401, 'Sign in first'),
  authFailed: () => new AppError('auth.failed', 401, 'Wrong username or passphrase'),
  totpRequired: () => new AppError('auth.totp_required', 401, 'Enter the code from your authenticator app'),
  totpSetupRequired: () => new AppError('auth.totp_setup_required', 403, 'The organisation requires a second factor: set up your authenticator app first'),
  forbidden: () => new AppError('auth.forbidden', 403, 'Your role does not allow this'),
  csrfInvalid: () => new AppError('csrf.invalid', 403, 'Missing or wrong x-csrf-token header'),
  setupDone: () => new AppError('setup.done', 409, 'The console is set up already'),
  setupToken: () => new AppError('setup.invalid_token', 403, 'Wrong setup token: use the link the server printed at start'),
  organisationMismatch: () => new AppError('setup.organisation_mismatch', 409, 'An organisation with another signing key exists already'),
  invitationNotFound: () => new AppError('invitation.not_found', 404, 'This invitation does not exist, was used or has expired'),
  usernameTaken: () => new AppError('account.username_taken', 409, 'This username is taken'),
  accountNotFound: () => new AppError('account.not_found', 404, 'No such account'),
  accountSelf: () => new AppError('account.self', 409, 'You cannot disable your own account'),
  notRecipient: () => new AppError('account.not_recipient', 409, 'This account has no signed key and cannot receive cases'),
  badSignature: () => new AppError('key.bad_signature', 400, 'The signature does not verify with the organisation key'),
  badKey: (what: string) => new AppError('key.invalid', 400, `${what} is not well formed`),
  groupNotFound: () => new AppError('group.not_found', 404, 'No such group'),
  consoleCaseNotFound: () => new AppError('case.not_found', 404, 'No such case'),
  badTransition: (from: string, to: string) => new AppError('case.bad_transition', 409, `A case cannot go from ${from} to ${to}`),
  outcomeRequired: () => new AppError('case.outcome_required', 400, 'Closing a case needs an outcome'),
  outcomeNotAllowed: () => new AppError('case.outcome_not_allowed', 400, 'An outcome is given only when closing'),
  recipientExists: () => new AppError('case.recipient_exists', 409, 'This account holds a key for the case already'),
  noRecoveryKey: () => new AppError('recovery.none', 404, 'No recovery key is set up'),
  totpInvalid: () => new AppError('totp.invalid', 400, 'Wrong or expired code'),
  totpNotStarted: () => new AppError('totp.not_started', 409, 'Start the authenticator setup first'),
  totpAlreadyEnabled: () => new AppError('totp.already_enabled', 409, 'The authenticator app is set up already'),
  rateLimited: () => new AppError('rate_limited', 429, 'Too many requests; slow down'),
  noRecipients: () =>
    new AppError('routing.no_recipients', 503, 'Nobody can receive reports for this region and category yet'),
} as const;
