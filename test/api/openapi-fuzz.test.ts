// A schema-driven, property-based fuzzer over the OpenAPI descriptions both listeners serve: for
// every operation, fast-check draws path parameters, queries and bodies from the JSON Schemas of
// the description (positive data) and mutations of them that the description refuses (negative
// data), and sends them to the apps. It fails on any 5xx, any valid-by-description request refused
// as malformed (or too large), and any answer outside the one error shape; the harness fails on
// any answer its route's schema or status list does not allow. Semantic refusals (pow.invalid,
// key.bad_signature, auth.*, case.not_found, …) are fine.
import t from 'tap';
import fc from 'fast-check';
import { toBase64Url } from '../../crypto/index.ts';
import { createStaff, sessionCookie, type Session } from '../helpers/console.ts';
import { routeAsPage } from '../helpers/directory.ts';
import { buildHarness, injectReport, routeRecipients, sealedSubmission, solvedPow, testAbuseSettings } from '../helpers/fixtures.ts';
import { matchesSchema } from '../../web/shared/answer-check.ts';

type Schema = {
  type?: string;
  enum?: readonly unknown[];
  const?: unknown;
  anyOf?: readonly Schema[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, Schema>;
  required?: readonly string[];
  minProperties?: number;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
};
type Parameter = { in: 'path' | 'query'; name: string; required?: boolean; schema: Schema };
type Operation = { parameters?: Parameter[]; requestBody?: { content: { 'application/json': { schema: Schema } } } };
type Description = { paths: Record<string, Record<string, Operation>> };
type Drawn = { params: Record<string, string>; query: Record<string, string>; body: unknown };

/** An arbitrary of the values a schema takes, for the keywords the contract's schemas use (contract/schemas.ts). */
function arbitraryOf(schema: Schema): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map(arbitraryOf));
  switch (schema.type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -(2 ** 31), max: schema.maximum ?? 2 ** 31 });
    case 'string': {
      const minLength = schema.minLength ?? 0;
      const length = { minLength, maxLength: Math.min(schema.maxLength ?? minLength + 100, minLength + 200) };
      // A pattern ending in one repeated class ('^[A-Za-z0-9_-]+$', '^A[Q-Za-f][A-Za-z0-9_-]*$') takes its
      // lengths from minLength and maxLength, less what comes before the class (else the draws are too
      // short for minLength and the filter below never lets one through).
      const repeated = schema.pattern === undefined ? null : /^\^((?:\[[^\]]*\]|[^[\]\\*+?{}()|])*)(\[[^\]]*\])[+*]\$$/.exec(schema.pattern);
      const before = repeated === null ? 0 : (repeated[1]?.match(/\[[^\]]*\]|./g) ?? []).length;
      const pattern = repeated === null ? schema.pattern : `^${repeated[1]}${repeated[2]}{${Math.max(0, length.minLength - before)},${Math.max(0, length.maxLength - before)}}$`;
      const text = pattern ? fc.stringMatching(new RegExp(pattern, 'u'), { size: 'small' }) : fc.string({ ...length, unit: 'grapheme' });
      return text.filter((value) => matchesSchema(schema, value));
    }
    case 'array':
      return fc.array(arbitraryOf(schema.items ?? {}), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 10, 10) });
    case 'object': {
      const properties = schema.properties ?? {};
      const record = fc.record(Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, arbitraryOf(property)])), { requiredKeys: [...(schema.required ?? [])] as never[] });
      return record.filter((value) => Object.keys(value).length >= (schema.minProperties ?? 0));
    }
    default:
      return fc.jsonValue();
  }
}

/** Requests of an operation: its path parameters, its query and its body, each drawn from its schema. */
function requestsOf(operation: Operation): fc.Arbitrary<Drawn> {
  const parameters = operation.parameters ?? [];
  const group = (where: 'path' | 'query') =>
    fc.record(Object.fromEntries(parameters.filter((p) => p.in === where).map((p) => [p.name, arbitraryOf(p.schema) as fc.Arbitrary<string>])), {
      requiredKeys: parameters.filter((p) => p.in === where && (where === 'path' || p.required)).map((p) => p.name) as never[],
    });
  const body = operation.requestBody?.content['application/json'].schema;
  return fc.record({ params: group('path'), query: group('query'), body: body ? arbitraryOf(body) : fc.constant(undefined) }) as fc.Arbitrary<Drawn>;
}

/** Mutations the description refuses: a wrong type, a missing or unknown property, a string one character off its shape. */
function mutations(body: unknown, schema: Schema): unknown[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [];
  const record = body as Record<string, unknown>;
  const out: unknown[] = [{ ...record, unexpected: 1 }, [], 'text', 42];
  for (const [key, value] of Object.entries(record)) {
    out.push({ ...record, [key]: typeof value === 'number' ? String(value) : 12345 });
    if (schema.required?.includes(key)) out.push(Object.fromEntries(Object.entries(record).filter(([k]) => k !== key)));
    if (typeof value === 'string' && value.length > 1) {
      // A stray bit in the last character, a character outside the alphabet, one character more.
      out.push({ ...record, [key]: `${value.slice(0, -1)}${value.endsWith('B') ? 'C' : 'B'}` }, { ...record, [key]: `${value.slice(0, -1)}=` }, { ...record, [key]: `${value}A` });
    }
  }
  return out.filter((mutated) => !matchesSchema(schema, mutated));
}

const positiveRuns = 12;
const negativeRuns = 6;
/** Refusals that say the request itself is malformed (or too large): never right for a valid-by-description request. */
const malformed = new Set(['request.invalid', 'request.malformed_json', 'request.too_large', 'key.invalid']);

t.test('the OpenAPI descriptions of both listeners match what the server takes and answers', async (t) => {
  const started = Date.now();
  // Proof of work costs nothing and no budget runs out: the fuzzer meets the checks behind them.
  const h = await buildHarness({ abuse: { ...testAbuseSettings, submissionBudgetPerMinute: 1_000_000, freeChallengesPerAddress: 1_000_000, notFoundPerMinute: 1_000_000 } });
  t.teardown(h.close);
  const inspector = createStaff(h, 'inspector', { groups: ['region-75', 'national'] });
  const report = sealedSubmission({ region: '75', category: 'near_miss', groupId: 'region-75', recipients: [{ id: inspector.id, keys: inspector.keys }] }).body;
  t.equal((await injectReport(h.app, report)).statusCode, 201, 'a case to find');
  const admin = createStaff(h, 'admin', { signed: true });
  // Each sign-in from its own address: the fuzzed logins spend 127.0.0.1's sign-in budget.
  let signIns = 0;
  const signIn = async (): Promise<Session> => {
    const res = await h.consoleApp.inject({ method: 'POST', url: '/api/console/login', remoteAddress: `127.0.1.${++signIns}`, payload: { username: admin.username, authValue: toBase64Url(admin.authValue) } });
    return { cookie: sessionCookie(res), ...res.json<Omit<Session, 'cookie'>>() };
  };
  let session = await signIn();

  const descriptions = [
    { app: h.app, console: false, description: (await h.consoleApp.inject({ url: '/api/openapi.json' })).json<Description>() },
    { app: h.consoleApp, console: true, description: (await h.consoleApp.inject({ url: '/api/console/openapi.json' })).json<Description>() },
  ];
  t.ok(Object.keys(descriptions[1]!.description.paths).length >= 25, 'the console listener describes its API');

  /** Ids that exist, by the collection a path names. */
  const known: Record<string, string[]> = { cases: [report.reportId], accounts: [inspector.id], groups: ['region-75', 'national'], invitations: [] };
  const findings: string[] = [];
  let cases = 0;
  /** Answers by route and code, to see what the draws reached (FUZZ_TIMES=1 prints them). */
  const reached = new Map<string, number>();
  const seed = 20261202;

  for (const { app, console: isConsole, description } of descriptions) {
    for (const [path, operations] of Object.entries(description.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const bodySchema = operation.requestBody?.content['application/json'].schema;
        const send = async (drawn: Drawn, body: unknown, positive: boolean) => {
          const url = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(drawn.params[name] ?? ''));
          const query = new URLSearchParams(drawn.query).toString();
          const res = await app.inject({
            method: method.toUpperCase() as 'GET',
            // Each request from its own address: per-address budgets (sign-in, unknown paths) are not what is fuzzed here.
            remoteAddress: `10.${(cases >> 16) & 255}.${(cases >> 8) & 255}.${cases & 255}`,
            url: query ? `${url}?${query}` : url,
            ...(body === undefined ? {} : { payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
            ...(isConsole ? { cookies: { qsid: session.cookie.slice('qsid='.length) }, headers: { 'x-csrf-token': session.csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) } } : {}),
          });
          cases++;
          const tally = `${positive ? '+' : '-'} ${method.toUpperCase()} ${path} ${res.statusCode} ${res.statusCode >= 400 ? (res.json() as { error?: { code?: string } }).error?.code : ''}`;
          reached.set(tally, (reached.get(tally) ?? 0) + 1);
          const label = `${positive ? 'valid' : 'mutated'} ${method.toUpperCase()} ${url.slice(0, 70)}${query ? `?${query.slice(0, 60)}` : ''} ${JSON.stringify(body)?.slice(0, 160) ?? ''}`;
          const answer = res.body === '' ? undefined : (res.json() as { error?: { code?: string; message?: string } });
          if (res.statusCode >= 500) findings.push(`${label}: ${res.statusCode} ${res.body.slice(0, 200)}`);
          if (res.statusCode >= 400 && (typeof answer?.error?.code !== 'string' || typeof answer.error.message !== 'string')) findings.push(`${label}: ${res.statusCode} not in the one error shape`);
          if (positive && res.statusCode < 500 && malformed.has(answer?.error?.code ?? '')) findings.push(`${label}: refused as ${answer?.error?.code}: ${answer?.error?.message}`);
          if (!positive && (res.statusCode < 400 || res.statusCode >= 500)) findings.push(`${label}: answered ${res.statusCode}`);
          // A fuzzed logout (or a disabled session) ends the session: the next requests sign in again.
          if (isConsole && answer?.error?.code === 'auth.required') session = await signIn();
        };
        const operationStarted = Date.now();
        const drawnRequests = fc.sample(requestsOf(operation), { numRuns: positiveRuns, seed: seed + cases });
        for (const [i, drawn] of drawnRequests.entries()) {
          // Half the paths name things that exist, so the checks behind "not found" run too.
          const collection = /\/(cases|accounts|groups|invitations)\/\{/.exec(path)?.[1] ?? '';
          if (i % 2 === 0 && drawn.params.id !== undefined) drawn.params.id = known[collection]?.[0] ?? drawn.params.id;
          const body = (await anchored(drawn.body, i)) as Record<string, unknown> | undefined;
          await send(drawn, body, true);
          if (bodySchema && i < negativeRuns) for (const mutated of mutations(body, bodySchema).slice(0, 6)) await send(drawn, mutated, false);
        }

        if (process.env.FUZZ_TIMES) t.comment(`${method} ${path}: ${Date.now() - operationStarted} ms`);
        /** Valid-by-description bodies made to pass the checks a random draw never passes (a fresh proof of work, the current recipients), on most draws. */
        async function anchored(body: unknown, i: number): Promise<unknown> {
          if (typeof body !== 'object' || body === null) return body;
          const record = { ...(body as Record<string, unknown>) };
          // Requiring a second factor would lock the fuzzer's administrator out of everything after.
          if ('requireTotp' in record) record.requireTotp = false;
          if (i % 4 === 3) return record;
          if ('pow' in record) record.pow = await solvedPow(h.app, path === '/api/v1/status' ? 'status' : 'submit');
          if (path === '/api/v1/reports') {
            // Sealed as the page seals: for the keys the signed directory routes to, the metadata bound in the envelopes.
            const report = { region: String(record.region), industry: String(record.industry), category: String(record.category) };
            const routed = await routeAsPage(h.app, h.signing.publicKey, report);
            if (routed.ok) {
              const contact = record.contact === null ? null : { name: 'Fuzz', contact: '+7 700 000 00 00' };
              const sealed = sealedSubmission({ ...report, groupId: routed.route.groupId, recipients: routeRecipients(routed.route), contact }).body;
              Object.assign(record, { groupId: sealed.groupId, recipientWraps: sealed.recipientWraps, content: sealed.content, contact: sealed.contact });
            }
          }
          if (Array.isArray(record.groupIds) && record.groupIds.length > 0) record.groupIds = ['national'];
          return record;
        }
      }
    }
  }
  if (process.env.FUZZ_TIMES) for (const [tally, count] of [...reached].sort(([a], [b]) => a.localeCompare(b))) t.comment(`${tally}: ${count}`);
  const seconds = (Date.now() - started) / 1000;
  t.comment(`${cases} generated requests over ${descriptions.reduce((n, d) => n + Object.keys(d.description.paths).length, 0)} paths in ${seconds.toFixed(1)} s`);
  t.same(findings, [], `${cases} requests drawn from the descriptions: no 5xx, no valid request refused as malformed, every refusal in the one shape`);
});
