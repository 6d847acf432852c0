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
  rateLimited: () => new AppError('rate_limited', 429, 'Too many requests; slow down'),
  noRecipients: () =>
    new AppError('routing.no_recipients', 503, 'Nobody can receive reports for this region and category yet'),
} as const;
