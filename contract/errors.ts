// The one error catalogue: every error either listener answers, by dotted code, with its HTTP
// status. The server adds a message for developers (server/http/errors.ts); pages show their own
// words, keyed by code.

export const errorStatuses = {
  // Any route.
  'request.invalid': 400,
  'request.malformed_json': 400,
  'request.too_large': 413,
  'request.unsupported_media_type': 415,
  not_found: 404,
  rate_limited: 429,
  internal: 500,
  // The reporter side.
  'case.not_found': 404,
  'report.conflict': 409,
  'report.recipients_changed': 422,
  'routing.no_recipients': 503,
  'pow.invalid': 400,
  'pow.expired': 400,
  'intake.busy': 503,
  // The console.
  'auth.required': 401,
  'auth.failed': 401,
  'auth.totp_required': 401,
  'auth.totp_setup_required': 403,
  'auth.forbidden': 403,
  'csrf.invalid': 403,
  'setup.done': 409,
  'setup.invalid_token': 403,
  'setup.organisation_mismatch': 409,
  'invitation.not_found': 404,
  'account.username_taken': 409,
  'account.not_found': 404,
  'account.self': 409,
  'account.not_recipient': 409,
  'key.bad_signature': 400,
  'key.invalid': 400,
  'group.not_found': 404,
  'case.bad_transition': 409,
  'case.outcome_required': 400,
  'case.outcome_not_allowed': 400,
  'case.recipient_exists': 409,
  'recovery.none': 404,
  'totp.invalid': 400,
  'totp.not_started': 409,
  'totp.already_enabled': 409,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof errorStatuses;
export const errorCodes = Object.keys(errorStatuses) as ErrorCode[];

/** Every answer that is not a success: `{ error: { code, message } }`. */
export type ErrorAnswer = { error: { code: ErrorCode; message: string } };
