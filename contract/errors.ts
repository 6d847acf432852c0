// The one error catalogue: every error either listener answers, by dotted code, with its HTTP
// status. The server adds a message for developers (server/http/errors.ts); pages show their own
// words, keyed by code.

export const errorStatuses = {
  // Any route.
  'request.invalid': 400,
  'request.malformed_json': 400,
  'request.too_large': 413,
  'request.unsupported_media_type': 415,
  /** A path parameter longer than the router takes (Fastify's maxParamLength). */
  'request.uri_too_long': 414,
  /** A request not complete within the server's time limit (Node's requestTimeout/headersTimeout). */
  'request.timeout': 408,
  /** Headers (or the request line) larger than Node takes (maxHeaderSize). */
  'request.headers_too_large': 431,
  /** Too many request bodies still arriving from this address (MAX_UNFINISHED_BODIES_PER_ADDRESS). */
  'request.too_many_uploads': 429,
  /** Too many request bodies still arriving in all (MAX_UNFINISHED_BODIES). */
  'request.busy': 503,
  not_found: 404,
  /** The path exists, not with this method: the answer's Allow header lists those it takes. */
  method_not_allowed: 405,
  rate_limited: 429,
  internal: 500,
  // The reporter side.
  'case.not_found': 404,
  'report.conflict': 409,
  'report.recipients_changed': 422,
  /** The encrypted envelopes say another region, industry, category or group than the submission. */
  'report.invalid': 400,
  // 422, not 503: the report names a region and category nobody receives, and asking again will not help.
  'routing.no_recipients': 422,
  'pow.invalid': 400,
  'pow.expired': 400,
  'pow.too_easy': 400,
  'intake.busy': 503,
  // Either side: the disk is (nearly) full or failing; nothing was stored.
  'storage.full': 507,
  // The console.
  'auth.required': 401,
  'auth.failed': 401,
  'auth.totp_required': 401,
  'auth.totp_setup_required': 403,
  'auth.forbidden': 403,
  /** Too many sign-in attempts from this address, or too many passphrase checks waiting: refused before any is made. */
  'auth.rate_limited': 429,
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
  /** A new key envelope that does not keep the old one's salt (the login would break). */
  'key.mismatch': 400,
  /** The account's key envelope already carries the organisation key. */
  'key.not_legacy': 409,
  /** A directory or certificate that does not verify with the organisation key, or names what does not exist. */
  'directory.invalid': 400,
  /** Another directory version was published meanwhile: sign again on the current one. */
  'directory.stale': 409,
  /** A day in the settings' holiday or working-day lists that does not exist, is listed twice, is in both lists, or (working days) is not a Saturday or Sunday. */
  'settings.bad_day': 400,
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

/** Every answer that is not a success: `{ error: { code, message } }`; a refused sign-in also says when the next attempt may be answered. */
export type ErrorAnswer = { error: { code: ErrorCode; message: string; retryAfterSeconds?: number } };
