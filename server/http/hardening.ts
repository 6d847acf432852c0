// What both listeners share: security headers, one error format, a constant 404, and a request
// log without client metadata.
import helmet from 'helmet';
import { LogController, type FastifyError, type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, errors } from './errors.ts';

const fastifyCodes: Record<string, { code: string; statusCode: number; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'request.too_large', statusCode: 413, message: 'The request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'request.unsupported_media_type', statusCode: 415, message: 'Send application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'request.invalid', statusCode: 400, message: 'Content-Length does not match the body' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'request.invalid', statusCode: 400, message: 'The JSON body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'request.malformed_json', statusCode: 400, message: 'The body is not valid JSON' },
};

function toPublicError(error: FastifyError): { statusCode: number; code: string; message: string } {
  if (error instanceof AppError) return error;
  if (error.validation) {
    const first = error.validation[0];
    const where = `${error.validationContext ?? 'request'}${first?.instancePath ?? ''}`;
    return { statusCode: 400, code: 'request.invalid', message: `${where} ${first?.message ?? 'is invalid'}` };
  }
  const known = error.code ? fastifyCodes[error.code] : undefined;
  if (known) return known;
  // JSON.parse failures and the like: a client error whose message may quote the body.
  if (error instanceof SyntaxError || (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)) {
    return { statusCode: error.statusCode && error.statusCode < 500 ? error.statusCode : 400, code: 'request.invalid', message: 'The request is not valid' };
  }
  return { statusCode: 500, code: 'internal', message: 'Something went wrong on our side; nothing you sent was kept' };
}

export type HardeningOptions = {
  /** Per-address limit on unknown paths (public listener); unlimited when absent. */
  notFoundLimited?: (address: string) => boolean;
};

/**
 * Security headers by helmet, built once. (@fastify/helmet 13 calls helmet(options) on every
 * request, parsing and serialising the CSP each time: 4% of the server's time per report, measured.)
 */
const securityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  referrerPolicy: { policy: 'no-referrer' },
  crossOriginEmbedderPolicy: true,
});

export const hardening = fp(async (app: FastifyInstance, options: HardeningOptions) => {
  app.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error instanceof Error ? error : undefined));
  });

  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()');
    if (request.url.startsWith('/api/') || reply.statusCode >= 400) reply.header('Cache-Control', 'no-store');
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    request.log.info({ req: request, res: reply }, 'request completed');
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const publicError = toPublicError(error);
    if (publicError.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ errorCode: publicError.code }, 'request rejected');
    return reply
      .status(publicError.statusCode)
      .header('Cache-Control', 'no-store')
      .send({ error: { code: publicError.code, message: publicError.message } });
  });

  app.setNotFoundHandler((request, reply) => {
    const answer = options.notFoundLimited?.(request.ip) ? errors.rateLimited() : errors.notFound();
    return reply.status(answer.statusCode).send({ error: { code: answer.code, message: answer.message } });
  });
});

/** Fastify options both listeners use: no built-in request log, strict validation. */
export const fastifyOptions = {
  // No built-in request log (it records the client's address); hardening logs its own line.
  logController: new LogController({ disableRequestLogging: true }),
  bodyLimit: 16 * 1024,
  trustProxy: false,
  ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false } },
} as const;
