// What both listeners share: security headers, one error format, a constant 404, and a request
// log without client metadata.
import fastifyHelmet from '@fastify/helmet';
import { LogController, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type HTTPMethods } from 'fastify';
import fp from 'fastify-plugin';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ErrorCode } from '../../contract/errors.ts';
import { isStorageFailure } from '../../db/report-writer.ts';
import { AppError, errors } from './errors.ts';
import type { TrafficCounter } from './logging.ts';

/** Fastify's own client errors, by its code, as errors of our catalogue. */
const fastifyCodes: Record<string, () => AppError> = {
  FST_ERR_CTP_BODY_TOO_LARGE: () => new AppError('request.too_large'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => new AppError('request.unsupported_media_type'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => new AppError('request.invalid', 'Content-Length does not match the body'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => new AppError('request.invalid', 'The JSON body is empty'),
  FST_ERR_CTP_INVALID_JSON_BODY: () => new AppError('request.malformed_json'),
  FST_ERR_MAX_PARAM_LENGTH: () => new AppError('request.uri_too_long'),
  FST_ERR_BAD_URL: () => new AppError('request.invalid', 'The path is not valid percent-encoding'),
};

/** Other client errors of Fastify or Node, by status; anything else is a plain request.invalid. */
const clientCodes: Readonly<Record<number, ErrorCode>> = {
  413: 'request.too_large',
  414: 'request.uri_too_long',
  415: 'request.unsupported_media_type',
  431: 'request.headers_too_large',
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
  // JSON.parse failures and the like: a client error whose message may quote the body, so ours replaces it.
  if (error instanceof SyntaxError || (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)) {
    return new AppError((error.statusCode && clientCodes[error.statusCode]) || 'request.invalid');
  }
  // A write the disk refused (full, failing), on either listener: its own code, not a bare 500.
  if (isStorageFailure(error)) return errors.storageFull();
  return new AppError('internal');
}

const errorBody = (error: { code: string; message: string }) => JSON.stringify({ error: { code: error.code, message: error.message } });

/**
 * Errors the router raises before any route or hook runs (a parameter longer than
 * maxParamLength, bad percent-encoding), in the one shape instead of Fastify's own.
 */
function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const publicError = toPublicError(error);
  return reply.status(publicError.statusCode).header('Cache-Control', 'no-store').type('application/json; charset=utf-8').send(errorBody(publicError));
}

/** Node's parser errors on a socket (no request exists yet), by its code, as errors of our catalogue. */
function socketError(code: string | undefined): AppError {
  if (code === 'HPE_HEADER_OVERFLOW') return new AppError('request.headers_too_large');
  if (code === 'HPE_URI_TOO_LONG') return new AppError('request.uri_too_long');
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return new AppError('request.timeout');
  return new AppError('request.invalid', 'The request is not valid HTTP');
}

/**
 * Node's client errors (headers too large, broken framing, a request that timed out) answered
 * on the raw socket in the one shape, then the socket is closed, as Node's own handler does.
 */
function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  // A reset or destroyed socket has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const answer = socketError(error.code);
  const body = errorBody(answer);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${answer.statusCode} ${STATUS_CODES[answer.statusCode] ?? 'Error'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** Methods a URL may answer to; HEAD comes with every GET route. */
const methods: readonly HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

export type HardeningOptions = {
  /** Per-address limit on unknown paths (public listener); unlimited when absent. */
  notFoundLimited?: (address: string) => boolean;
  /** Counts each answer by day, route and status instead of logging a line (public listener). */
  traffic?: Pick<TrafficCounter, 'count'>;
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

  const traffic = options.traffic;
  app.addHook(
    'onResponse',
    traffic
      ? async (request, reply) => traffic.count(request.method, request.routeOptions.url, reply.statusCode)
      : async (request, reply) => request.log.info({ req: request, res: reply }, 'request completed'),
  );

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const publicError = toPublicError(error);
    if (publicError.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ errorCode: publicError.code }, 'request rejected');
    const retryAfterSeconds = publicError instanceof AppError ? publicError.retryAfterSeconds : undefined;
    return reply
      .status(publicError.statusCode)
      .header('Cache-Control', 'no-store')
      .send({ error: { code: publicError.code, message: publicError.message, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) } });
  });

  app.setNotFoundHandler((request, reply) => {
    // A path that exists under other methods answers 405 with them; only unknown paths count against the limit.
    const path = request.url.split('?', 1)[0] ?? '/';
    const allowed = methods.filter((method) => app.findRoute({ method, url: path }) !== null);
    if (allowed.length > 0) {
      const answer = errors.methodNotAllowed();
      return reply.status(answer.statusCode).header('Allow', allowed.join(', ')).send({ error: { code: answer.code, message: answer.message } });
    }
    const answer = options.notFoundLimited?.(request.ip) ? errors.rateLimited() : errors.notFound();
    return reply.status(answer.statusCode).send({ error: { code: answer.code, message: answer.message } });
  });
});

/** Fastify options both listeners use: no built-in request log, strict validation. */
export const fastifyOptions = {
  // No built-in request log (it records the client's address); hardening logs its own line.
  logController: new LogController({ disableRequestLogging: true }),
  // Random, not Fastify's counter: a sequential id numbers the requests of the day.
  genReqId: () => randomUUID(),
  bodyLimit: 16 * 1024,
  trustProxy: false,
  ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false } },
  // Errors raised by Node's parser and Fastify's router answer in the one shape too.
  clientErrorHandler,
  frameworkErrors,
} as const;
