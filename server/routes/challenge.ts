// Proof-of-work challenges for submissions and status checks.
import type { FastifyInstance } from 'fastify';
import type { AbuseGuard } from '../abuse/guard.ts';
import { errorResponse } from './schemas.ts';

const challengeSchema = {
  summary: 'A proof-of-work challenge to solve before submitting a report or checking a status',
  querystring: {
    type: 'object',
    additionalProperties: false,
    required: ['purpose'],
    properties: { purpose: { type: 'string', enum: ['submit', 'status'] } },
  },
  response: {
    200: {
      type: 'object',
      required: ['challenge', 'difficulty', 'expiresInSeconds'],
      properties: {
        challenge: { type: 'string', description: 'base64url challenge token (39 bytes)' },
        difficulty: { type: 'integer', description: 'leading zero bits the solution hash must have' },
        expiresInSeconds: { type: 'integer' },
      },
    },
    400: errorResponse,
  },
} as const;

export function challengeRoutes(guard: AbuseGuard) {
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { purpose: 'submit' | 'status' } }>('/api/v1/challenge', { schema: challengeSchema }, async (request) =>
      guard.issueChallenge(request.query.purpose, request.ip),
    );
  };
}
