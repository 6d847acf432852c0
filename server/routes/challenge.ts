// Proof-of-work challenges for submissions and status checks (contract/public-api.ts).
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyInstance } from 'fastify';
import { publicApi } from '../../contract/public-api.ts';
import type { AbuseGuard } from '../abuse/guard.ts';

export function challengeRoutes(guard: AbuseGuard) {
  return async (fastify: FastifyInstance) => {
    fastify.withTypeProvider<JsonSchemaToTsProvider>().route({
      ...publicApi.challenge,
      handler: async function challenge(request) {
        return guard.issueChallenge(request.query.purpose, request.ip);
      },
    });
  };
}
