// A health check for load balancers and monitors, on both listeners (contract/public-api.ts).
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyInstance } from 'fastify';
import { publicApi } from '../../contract/public-api.ts';
import type { HealthCheck } from '../operations/health.ts';

export function healthRoutes(check: HealthCheck) {
  return async (fastify: FastifyInstance) => {
    fastify.withTypeProvider<JsonSchemaToTsProvider>().route({
      ...publicApi.health,
      handler: async function health(_request, reply) {
        const answer = check();
        return answer.status === 'ok' ? answer : reply.status(503).send(answer);
      },
    });
  };
}
