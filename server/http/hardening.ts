// What both listeners share: security headers, one error format, a constant 404, and a request
// log without client metadata.
import fastifyHelmet from '@fastify/helmet';
import { LogController, type FastifyError, type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, errors } from './errors.ts';

/** Fastify's own client errors, by its code, as errors of our catalogue. */
const fastifyCodes: Record<string, () => AppError> = {
  FST_ERR_CTP_BODY_TOO_LARGE: () => new AppError('request.too_large'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => new AppError('request.unsupported_media_type'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => new AppError('request.invalid', 'Content-Length does not match the body'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => new AppError('request.invalid', 'The JSON body is empty'),
  FST_ERR_CTP_INVALID_JSON_BODY: () => new AppError('request.malformed_json'),
};

function toPublicError(error: FastifyError): { statusCode: number; code: string; message: string } {
  if (error instanceof AppError) return error;
  if (error.validation) {
    const first = error.validation[0];
    const where = `${error.validationContext ?? 'request'}${first?.instancePath ?? ''}`;
    return errors.invalidRequest(`${where} ${first?.message ?? 'is invalid'}`);
  }
  const known = error.code ? fastifyCodes[error.code] : undefined;
  if (known) return known();
  // JSON.parse failures and the like: a client error whose message may quote the body.
  if (error instanceof SyntaxError || (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)) {
    const invalid = new AppError('request.invalid');
    return { ...invalid, statusCode: error.statusCode && error.statusCode < 500 ? error.statusCode : 400, message: invalid.message };
  }
  return new AppError('internal');
}

export type HardeningOptions = {
  /** Per-address limit on unknown paths (public listener); unlimited when absent. */
  notFoundLimited?: (address: string) => boolean;
};

/**
 * Security headers by @fastify/helmet: no inline script or style, nothing from another origin,
 * no referrer. (It calls helmet(options) on every request, about 4% of a report's server time,
 * measured; the design card names it and we keep it.)
 */
const securityHeaders = {
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
} as const;

export const hardening = fp(async (app: FastifyInstance, options: HardeningOptions) => {
  await app.register(fastifyHelmet, securityHeaders);

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
