// The public reporter API: recipient keys, report submission, status by lookup id
// (contract/public-api.ts).
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyInstance } from 'fastify';
import { publicApi } from '../../contract/public-api.ts';
import type { AbuseGuard } from '../abuse/guard.ts';
import { caseStatus, recipientsFor, submitReport, type IntakeDeps } from '../intake/intake.ts';

export function intakeRoutes(deps: IntakeDeps, guard: AbuseGuard) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<JsonSchemaToTsProvider>();

    app.route({
      ...publicApi.recipients,
      handler: async function recipients(request) {
        return recipientsFor(deps, request.query);
      },
    });

    app.route({
      ...publicApi.submitReport,
      handler: async function submit(request, reply) {
        const { pow, ...report } = request.body;
        guard.checkSolution('submit', pow);
        // The budget is charged only by a valid report about to be stored, not by junk.
        return reply.status(201).send(await submitReport(deps, report, guard.admitSubmission));
      },
    });

    app.route({
      ...publicApi.caseStatus,
      handler: async function status(request) {
        guard.checkSolution('status', request.body.pow);
        return caseStatus(deps, request.body.lookupId);
      },
    });
  };
}
