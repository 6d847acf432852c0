// A health check for load balancers and monitors: whether the database answers, nothing else.
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';

const healthSchema = {
  summary: 'Whether the service can serve; says nothing about cases',
  response: {
    200: { type: 'object', required: ['status'], additionalProperties: false, properties: { status: { type: 'string', enum: ['ok'] } } },
    503: { type: 'object', required: ['status'], additionalProperties: false, properties: { status: { type: 'string', enum: ['unavailable'] } } },
  },
} as const;

export function healthRoutes(db: Db) {
  return async (app: FastifyInstance) => {
    app.get('/api/health', { schema: healthSchema }, async (_request, reply) => {
      try {
        db.get(sql`select 1`);
        return { status: 'ok' };
      } catch {
        return reply.status(503).send({ status: 'unavailable' });
      }
    });
  };
}
