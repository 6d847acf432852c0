// Calls a route of the contract (contract/public-api.ts, contract/console-api.ts) and believes
// its answer only once the answer matches the route's response schema: a page never acts on a
// shape the contract does not allow, whatever the server sends.
import type { RouteContract } from '../../contract/types.ts';
import { loadOnce, preloadChunk } from './lazy.ts';

export type ApiErrorKind = 'network' | 'http';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly kind: ApiErrorKind;
  /** HTTP status; 0 when the request got no answer. */
  readonly status: number;
  /** The server's dotted error code ('routing.no_recipients'), 'response.malformed' for an answer the contract does not allow, or '' when there was none. */
  readonly code: string;
  /** A refused console sign-in: how long the next attempt will wait, in seconds; null when the answer does not say. */
  readonly retryAfterSeconds: number | null;
  constructor(kind: ApiErrorKind, status: number, code: string, message: string, retryAfterSeconds: number | null = null) {
    super(message);
    this.kind = kind;
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The number an error answer gives for retryAfterSeconds, if it is a plausible one (only ever shown, never acted on). */
function retryAfterOf(error: { retryAfterSeconds?: unknown } | undefined): number | null {
  const value = error?.retryAfterSeconds;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 3600 ? value : null;
}

export const isApiError = (error: unknown, status: number, code: string): error is ApiError =>
  error instanceof ApiError && error.status === status && error.code === code;

/** The schema check, fetched and verified on the first call (web/shared/answer-check.ts). */
const answerCheck = loadOnce(async () => {
  await preloadChunk('answers');
  return (await import('./answer-check.ts')).matchesSchema;
});

/** What a request sends besides its route: path parameters, query and body. */
export type RequestParts = { params?: Record<string, string>; query?: Record<string, string | undefined>; body?: unknown };

export type ClientOptions = {
  credentials: RequestCredentials;
  /** Headers for this request (the console's CSRF token). */
  headers?: () => Record<string, string>;
  /** Give up after this long (a dead mobile connection can otherwise hang for minutes). */
  timeoutMs?: number;
  /** Sees every error answer before it is thrown (the console signs out on 401 auth.required). */
  onError?: (error: ApiError) => void;
};

function pathOf(url: string, params: Record<string, string> | undefined, query: Record<string, string | undefined> | undefined): string {
  const path = url.replace(/:([A-Za-z]+)/g, (_match, name: string) => encodeURIComponent(params?.[name] ?? ''));
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined) search.set(name, value);
  const text = search.toString();
  return text === '' ? path : `${path}?${text}`;
}

/** Same origin, JSON; errors come as { error: { code, message } } (contract/errors.ts). */
export async function callRoute<Answer>(route: RouteContract, { params, query, body }: RequestParts, options: ClientOptions): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers?.() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(pathOf(route.url, params, query), {
      method: route.method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      credentials: options.credentials,
      cache: 'no-store',
      redirect: 'error',
      referrerPolicy: 'no-referrer',
      signal: options.timeoutMs !== undefined && typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(options.timeoutMs) : null,
    });
  } catch (error) {
    throw new ApiError('network', 0, '', String(error));
  }
  const json = response.status === 204 ? null : await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = (json as { error?: { code?: unknown; message?: unknown; retryAfterSeconds?: unknown } } | undefined)?.error;
    const failure = new ApiError('http', response.status, typeof error?.code === 'string' ? error.code : '', typeof error?.message === 'string' ? error.message : response.statusText, retryAfterOf(error));
    options.onError?.(failure);
    throw failure;
  }
  const schema = route.schema.response[response.status];
  const matches = await answerCheck();
  if (schema === undefined || !matches(schema as object, json)) {
    throw new ApiError('http', response.status, 'response.malformed', `unexpected answer from ${route.method} ${route.url}`);
  }
  return json as Answer;
}
