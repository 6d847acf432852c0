// What a slow or idle client may hold: time limits on a request and on an idle socket (Node's HTTP
// server enforces them), a cap on connections per listener, and a cap on request bodies still
// arriving, per address and in total, so the memory such bodies hold is bounded by configuration
// (about the total cap × the largest body limit). Addresses are only held as an HMAC under a key
// that lives in this process's memory, as keys of counters that are never written anywhere.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errors } from './errors.ts';
import { addressHasher } from '../shared/anonymous-address.ts';

/** The limits; 0 turns one off (Node's and Fastify's old defaults, for comparison only). */
export type ConnectionLimits = {
  /** Whole request, headers and body, from its first byte (Node's requestTimeout). */
  requestTimeoutSeconds: number;
  /** Headers, from a connection's or request's first byte (Node's headersTimeout). */
  headersTimeoutSeconds: number;
  /** A socket that sends and receives nothing for this long is closed (Fastify's connectionTimeout). */
  idleTimeoutSeconds: number;
  /** A kept-alive socket between requests (Node's keepAliveTimeout); never 0 (Fastify reads 0 as 72 s). */
  keepAliveTimeoutSeconds: number;
  /** Open connections per listener; Node closes the ones over it at once (server.maxConnections). */
  maxConnections: number;
  /** Request bodies still arriving, over both listeners. */
  maxUnfinishedBodies: number;
  /** Request bodies still arriving from one client address. */
  maxUnfinishedBodiesPerAddress: number;
};

export const defaultConnectionLimits: ConnectionLimits = {
  requestTimeoutSeconds: 30,
  headersTimeoutSeconds: 10,
  idleTimeoutSeconds: 15,
  keepAliveTimeoutSeconds: 10,
  maxConnections: 1000,
  maxUnfinishedBodies: 128,
  maxUnfinishedBodiesPerAddress: 32,
};

/** The Fastify options (and Node HTTP server options) that enforce the time limits. */
export function listenerTimeouts(limits: ConnectionLimits) {
  const requestTimeout = limits.requestTimeoutSeconds * 1000;
  const headersTimeout = limits.headersTimeoutSeconds * 1000;
  // Node looks for expired requests every connectionsCheckingInterval (30 s by default, longer than the limits).
  const shortest = Math.min(...[requestTimeout, headersTimeout].filter((ms) => ms > 0), 120_000);
  return {
    requestTimeout,
    connectionTimeout: limits.idleTimeoutSeconds * 1000,
    keepAliveTimeout: limits.keepAliveTimeoutSeconds * 1000,
    http: { requestTimeout, headersTimeout, connectionsCheckingInterval: Math.max(250, Math.floor(shortest / 4)) },
  };
}

export type UnfinishedBodies = {
  /** An onRequest hook: counts a request whose body is still arriving, or refuses it over a cap. */
  admit: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;
};

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

export function createUnfinishedBodies(limits: Pick<ConnectionLimits, 'maxUnfinishedBodies' | 'maxUnfinishedBodiesPerAddress'>): UnfinishedBodies {
  const byAddress = new Map<string, number>();
  let total = 0;
  const anonymous = addressHasher();
  const off = limits.maxUnfinishedBodies === 0 && limits.maxUnfinishedBodiesPerAddress === 0;

  const full = (key: string) =>
    (limits.maxUnfinishedBodiesPerAddress > 0 && (byAddress.get(key) ?? 0) >= limits.maxUnfinishedBodiesPerAddress) ||
    (limits.maxUnfinishedBodies > 0 && total >= limits.maxUnfinishedBodies);

  function hold(request: FastifyRequest, reply: FastifyReply, key: string): void {
    total++;
    byAddress.set(key, (byAddress.get(key) ?? 0) + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      total--;
      const left = (byAddress.get(key) ?? 1) - 1;
      if (left > 0) byAddress.set(key, left);
      else byAddress.delete(key);
    };
    // The body is in (end), or the request is over one way or another: answered, timed out, aborted.
    request.raw.once('end', release);
    request.raw.once('close', release);
    reply.raw.once('close', release);
  }

  return {
    admit: async (request, reply) => {
      if (off || !hasBody(request)) return undefined;
      const key = anonymous(request.ip);
      if (full(key)) {
        // Over a cap. A body that came in the same packet as its headers holds nothing more and is let
        // through (a status check): Node has parsed the rest of that packet by the next turn of the loop.
        await new Promise((resolve) => setImmediate(resolve));
        if (request.raw.complete) return undefined;
        if (full(key)) {
          const perAddress = limits.maxUnfinishedBodiesPerAddress > 0 && (byAddress.get(key) ?? 0) >= limits.maxUnfinishedBodiesPerAddress;
          const refusal = perAddress ? errors.tooManyUploads() : errors.requestBusy();
          request.log.info({ errorCode: refusal.code }, 'request rejected');
          // Connection: close, so the rest of the body is not waited for.
          return reply
            .status(refusal.statusCode)
            .header('Connection', 'close')
            .send({ error: { code: refusal.code, message: refusal.message } });
        }
      }
      // Counted before anything else runs (no other connection is read meanwhile), so the caps hold exactly.
      hold(request, reply, key);
      return undefined;
    },
  };
}
