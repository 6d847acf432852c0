// The baseline for the submission benchmark: the project's Fastify, one POST route with the same
// path and body limit that parses the same JSON and answers 201 with a small JSON body. No
// validation, no storage, no log. Run as its own process; prints {"url": …} once listening.
import Fastify from 'fastify';

// server/routes/intake.ts reportBodyLimit, copied so the baseline loads nothing of the project.
const reportBodyLimit = 256 * 1024;
const app = Fastify({ logger: false });
app.post('/api/v1/reports', { bodyLimit: reportBodyLimit }, async (_request, reply) => reply.status(201).send({ receivedDay: '2026-11-26' }));

const url = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ url })}\n`);

const close = () => void app.close().then(() => process.exit(0));
process.on('SIGTERM', close);
process.on('SIGINT', close);
