// The public reporter API: the signed directory and certificates, report submission, status by
// lookup id (contract/public-api.ts).
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyInstance } from 'fastify';
import { publicApi } from '../../contract/public-api.ts';
import type { AbuseGuard } from '../abuse/guard.ts';
import { caseStatus, currentDirectory, groupCertificates, submitReport, type IntakeDeps } from '../intake/intake.ts';

export function intakeRoutes(deps: IntakeDeps, guard: AbuseGuard) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<JsonSchemaToTsProvider>();

    app.route({
      ...publicApi.directory,
      handler: async function directory() {
        return currentDirectory(deps);
      },
    });

    app.route({
      ...publicApi.certificates,
      handler: async function certificates(request) {
        return groupCertificates(deps, request.body.group);
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
