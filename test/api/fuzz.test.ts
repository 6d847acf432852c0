// Fuzzing every route with malformed, mistyped, oversized and hostile input: only 4xx answers in
// the one error format, the process keeps serving, and nothing from a rejected request is stored.
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import t from 'tap';
import { toBase64Url } from '../../crypto/index.ts';
import { browserKeys, createStaff, login } from '../helpers/console.ts';
import { buildHarness, injectReport, sealedSubmission } from '../helpers/fixtures.ts';

type Injected = { method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH'; url: string; payload?: string | Buffer; headers?: Record<string, string> };

/** A small deterministic PRNG (mulberry32) so a failure can be replayed from its seed. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const hostileValues: unknown[] = [
  null, true, false, 0, -1, -1e308, 1e308, 2 ** 53 + 1, 1.5, '', ' ', 'x'.repeat(100_000), '\u0000', '\ud800', '<script>alert(1)</script>',
  "'; drop table reports; --", '../../etc/passwd', [], [[[[]]]], {}, { __proto__: { polluted: true } }, { constructor: { prototype: { polluted: true } } },
  Array.from({ length: 1000 }, () => 'a'), '٠١٢٣', '𝟘𝟙𝟚', 'A'.repeat(43), '-'.repeat(22),
];

function mutate(body: Record<string, unknown>, random: () => number): string | Buffer {
  const keys = Object.keys(body);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const copy: Record<string, unknown> = structuredClone(body);
  switch (Math.floor(random() * 9)) {
    case 0: // wrong type or hostile value in one field
      copy[pick(keys)] = pick(hostileValues);
      return JSON.stringify(copy);
    case 1: // missing field
      delete copy[pick(keys)];
      return JSON.stringify(copy);
    case 2: // unknown field, written into the JSON text so "__proto__" stays a key
      return JSON.stringify(copy).replace(/^\{/, `{"${pick(['__proto__', 'constructor', 'ip', 'extra', 'status', 'receivedDay'])}":${JSON.stringify(pick(hostileValues)) ?? 'null'},`);
    case 3: // truncated JSON
      return JSON.stringify(copy).slice(0, Math.floor(random() * JSON.stringify(copy).length));
    case 4: // deep nesting
      return `${'['.repeat(5000 + Math.floor(random() * 20_000))}${']'.repeat(10)}`;
    case 5: // invalid UTF-8 inside a string
      return Buffer.concat([Buffer.from('{"lookupId":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('"}')]);
    case 6: // not an object at all
      return JSON.stringify(pick(hostileValues));
    case 7: // every field the same hostile value
      return JSON.stringify(Object.fromEntries(keys.map((k) => [k, pick(hostileValues)])));
    default: // random bytes
      return Buffer.from(Array.from({ length: Math.floor(random() * 300) }, () => Math.floor(random() * 256)));
  }
}

t.test('fuzzing every route gives only 4xx answers in one format and stores nothing', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const inspector = h.addInspector(['region-75']);
  const valid = sealedSubmission({ region: '75', category: 'near_miss', groupId: 'region-75', recipients: [inspector] }).body;
  const random = prng(20261125);
  const requests: Injected[] = [];
  const json = { 'content-type': 'application/json' };
  const mutated = (body: Record<string, unknown>) => {
    // A mutation that happens to leave the body valid (a value replaced by an equal one) is not a hostile request.
    for (;;) {
      const payload = mutate(body, random);
      if (payload.toString() !== JSON.stringify(body)) return payload;
    }
  };
  for (let i = 0; i < 300; i++) {
    requests.push({ method: 'POST', url: '/api/v1/reports', payload: mutated(valid), headers: json });
    requests.push({ method: 'POST', url: '/api/v1/status', payload: mutated({ lookupId: valid.lookupId }), headers: json });
  }
  // Not one of them a group id ([a-z0-9-]{1,64}): a well-formed id that names no group gets 200 and no certificate.
  const groupValues = ['', '%00', '%ff', '..', 'Region-75', 'region_75', 'x'.repeat(65), 'x'.repeat(5000), 'near_miss%20', '%20', 'a%2Fb', 'region-75%00'];
  const certificates = (body: unknown): Injected => ({ method: 'POST', url: '/api/v1/certificates', payload: JSON.stringify(body), headers: json });
  for (const group of groupValues) requests.push(certificates({ group }), certificates({ group: 'region-75', [`x${group}`]: 1 }));
  requests.push(certificates({}), certificates({ group: ['region-75', 'national'] }), { method: 'GET', url: '/api/v1/recipients?region=75&category=near_miss' });
  for (const method of ['POST', 'PUT', 'DELETE'] as const) requests.push({ method, url: '/api/v1/directory', payload: '{}', headers: json }, { method, url: '/api/v1/certificates?group=region-75', payload: '{}', headers: json });
  const contentTypes = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json-patch+json', ''];
  for (const type of contentTypes) requests.push({ method: 'POST', url: '/api/v1/reports', payload: JSON.stringify(valid), headers: type ? { 'content-type': type } : {} });
  requests.push({ method: 'POST', url: '/api/v1/reports', payload: Buffer.alloc(2 * 1024 * 1024, 0x7b), headers: json });
  requests.push({ method: 'POST', url: '/api/v1/status', payload: JSON.stringify({ lookupId: 'A'.repeat(20_000) }), headers: json });
  for (const method of ['PUT', 'DELETE', 'PATCH'] as const) requests.push({ method, url: '/api/v1/reports', payload: '{}', headers: json });
  requests.push({ method: 'GET', url: '/api/v1/reports' }, { method: 'GET', url: '/%2e%2e/%2e%2e/etc/passwd' }, { method: 'GET', url: `/${'a'.repeat(8000)}` });

  const failures: string[] = [];
  for (const [i, request] of requests.entries()) {
    const res = await h.app.inject(request);
    const label = `#${i} ${request.method} ${request.url.slice(0, 60)}`;
    let body: { error?: { code?: unknown; message?: unknown } } = {};
    try {
      body = res.json();
    } catch {
      failures.push(`${label}: answer is not JSON`);
      continue;
    }
    if (res.statusCode < 400 || res.statusCode >= 500) failures.push(`${label}: status ${res.statusCode}`);
    if (typeof body.error?.code !== 'string' || typeof body.error?.message !== 'string') failures.push(`${label}: not the error format`);
  }
  t.same(failures, [], `${requests.length} hostile requests, all rejected cleanly`);
  for (const table of ['reports', 'report_fields', 'report_key_wraps', 'reporter_keys', 'case_lookups']) {
    t.equal((h.database.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n, 0, `${table} is empty`);
  }
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
  const afterwards = await injectReport(h.app, valid);
  t.equal(afterwards.statusCode, 201, 'the service still takes a valid report');
});

t.test('fuzzing the console routes gives only 4xx answers in one format, with or without a session', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const inspector = createStaff(h, 'inspector', { groups: ['region-75'] });
  const valid = sealedSubmission({ region: '75', category: 'near_miss', groupId: 'region-75', recipients: [inspector] }).body;
  t.equal((await injectReport(h.app, valid)).statusCode, 201);
  const caseId = valid.reportId;
  const inspectorSession = await login(h.consoleApp, inspector);
  const adminSession = await login(h.consoleApp, createStaff(h, 'admin'));
  const keys = browserKeys('fuzzing passphrase', h.signing.publicKey);
  const wrap = valid.recipientWraps[0]!.wrap;
  const bodies: [string, string, Record<string, unknown>, 'none' | 'inspector' | 'admin'][] = [
    ['POST', '/api/console/setup', { token: 'A'.repeat(43), organisationName: 'X', username: 'abc', displayName: 'X', authValue: toBase64Url(keys.authValue), keyEnvelope: toBase64Url(keys.keyEnvelope), publicKey: toBase64Url(keys.keys.publicKey), signingPublicKey: toBase64Url(keys.keys.publicKey), wrappedSigningKey: 'A'.repeat(162), recoveryPublicKey: toBase64Url(keys.keys.publicKey), recoverySignature: 'A'.repeat(87), adminSignature: 'A'.repeat(87) }, 'none'],
    ['POST', '/api/console/login/salt', { username: inspector.username }, 'none'],
    ['POST', '/api/console/login', { username: inspector.username, authValue: 'A'.repeat(43) }, 'none'],
    ['POST', '/api/console/invitations/accept', { token: 'A'.repeat(43), username: 'newone', authValue: toBase64Url(keys.authValue), keyEnvelope: toBase64Url(keys.keyEnvelope), publicKey: toBase64Url(keys.keys.publicKey) }, 'none'],
    ['POST', '/api/console/invitations', { role: 'inspector', displayName: 'Someone', groupIds: ['region-75'] }, 'admin'],
    ['PATCH', '/api/console/organisation', { requireTotp: false, retentionDays: 30, deadlines: { acknowledgeDays: 7 }, holidays: ['2026-12-16'] }, 'admin'],
    ['PATCH', '/api/console/groups/region-75', { nameKk: 'a', nameRu: 'b', nameEn: 'c' }, 'admin'],
    ['PUT', '/api/console/groups/region-75/members', { accountIds: [inspector.id] }, 'admin'],
    ['POST', `/api/console/accounts/${inspector.id}/signature`, { signature: 'A'.repeat(87) }, 'admin'],
    ['POST', '/api/console/recovery/rewrap', { caseId, accountId: inspector.id, wrap }, 'admin'],
    ['POST', '/api/console/totp/confirm', { code: '123456' }, 'inspector'],
    ['POST', `/api/console/cases/${caseId}/transition`, { to: 'acknowledged' }, 'inspector'],
    ['PATCH', `/api/console/cases/${caseId}`, { severity: 'light', group: true, assigneeId: inspector.id }, 'inspector'],
    ['POST', `/api/console/cases/${caseId}/notes`, { ciphertext: valid.content }, 'inspector'],
    ['POST', `/api/console/cases/${caseId}/recipients`, { accountId: inspector.id, wrap }, 'inspector'],
  ];
  const random = prng(20261126);
  const failures: string[] = [];
  const sessions = { none: null, inspector: inspectorSession, admin: adminSession };
  let sent = 0;
  for (const [method, url, body, who] of bodies) {
    const session = sessions[who];
    for (let i = 0; i < 40; i++) {
      let payload = mutate(body, random);
      if (payload.toString() === JSON.stringify(body)) payload = '{"unknown":1}';
      const res = await h.consoleApp.inject({
        method: method as 'POST',
        url,
        payload,
        headers: { 'content-type': 'application/json', ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrfToken } : {}) },
      });
      sent++;
      // Every field of a PATCH is optional: one left out is a valid partial update, not a hostile request.
      if (method === 'PATCH' && res.statusCode === 200) continue;
      let answer: { error?: { code?: unknown; message?: unknown } } = {};
      try {
        answer = res.json();
      } catch {
        failures.push(`${method} ${url}: not JSON`);
        continue;
      }
      if (res.statusCode < 400 || res.statusCode >= 500) failures.push(`${method} ${url}: status ${res.statusCode} for ${payload.toString().slice(0, 80)}`);
      if (typeof answer.error?.code !== 'string' || typeof answer.error?.message !== 'string') failures.push(`${method} ${url}: not the error format`);
    }
  }
  const queries = ['status=open', 'page=-1', 'page=1e9', 'pageSize=7', 'sort=random', 'overdue=yes', 'region=750', 'category=%00', 'assignee=../x', 'extra=1', `status=${'x'.repeat(5000)}`];
  for (const query of queries) {
    const res = await h.consoleApp.inject({ method: 'GET', url: `/api/console/cases?${query}`, headers: { cookie: inspectorSession.cookie } });
    sent++;
    if (res.statusCode !== 400) failures.push(`GET /cases?${query.slice(0, 40)}: status ${res.statusCode}`);
  }
  for (const url of ['/api/console/cases/short', `/api/console/cases/${'A'.repeat(23)}`, '/api/console/invitations/%2e%2e', '/api/console/stats?from=2026-13-45x', '/api/console/audit?page=abc']) {
    const res = await h.consoleApp.inject({ method: 'GET', url, headers: { cookie: adminSession.cookie } });
    sent++;
    if (res.statusCode < 400 || res.statusCode >= 500) failures.push(`GET ${url}: status ${res.statusCode}`);
  }
  t.same(failures, [], `${sent} hostile console requests, all rejected cleanly`);
  t.equal((h.database.sqlite.prepare("select status from reports").pluck().get() as string), 'new', 'the case is untouched');
  t.equal(h.database.sqlite.prepare('select count(*) from case_notes').pluck().get(), 0, 'no note stored');
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
});

t.test('errors raised by Fastify or Node answer in the one shape too, and a wrong method is a 405 with Allow', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const oneShape = (body: string) => JSON.parse(body) as { error: { code: string; message: string } };

  const wrongMethod = await h.app.inject({ method: 'DELETE', url: '/api/v1/reports' });
  t.equal(wrongMethod.statusCode, 405);
  t.equal(wrongMethod.headers.allow, 'POST');
  t.equal(oneShape(wrongMethod.body).error.code, 'method_not_allowed');
  const withParameter = await h.consoleApp.inject({ method: 'DELETE', url: '/api/console/cases/AAAAAAAAAAAAAAAAAAAAAA' });
  t.equal(withParameter.statusCode, 405, 'a path with a parameter too');
  t.equal(withParameter.headers.allow, 'GET, HEAD, PATCH');
  const unknown = await h.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
  t.same([unknown.statusCode, oneShape(unknown.body).error.code], [404, 'not_found'], 'an unknown path keeps its constant 404');

  const longParameter = await h.consoleApp.inject({ method: 'GET', url: `/api/console/cases/${'a'.repeat(500)}` });
  t.same([longParameter.statusCode, oneShape(longParameter.body).error.code], [414, 'request.uri_too_long'], 'an overlong parameter');
  const badEncoding = await h.consoleApp.inject({ method: 'GET', url: '/api/console/cases/%zz' });
  t.same([badEncoding.statusCode, oneShape(badEncoding.body).error.code], [400, 'request.invalid'], 'a parameter that is not valid percent-encoding');

  // Node's parser errors happen before any request exists: only a real socket shows them.
  await h.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = h.app.server.address() as AddressInfo;
  const raw = (request: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port });
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('close', () => resolve(answer));
      socket.on('error', reject);
      socket.setTimeout(5000, () => socket.destroy());
      socket.end(request);
    });
  const bodyOf = (answer: string) => answer.slice(answer.indexOf('\r\n\r\n') + 4);
  const largeHeaders = await raw(`GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
  t.match(largeHeaders, /^HTTP\/1\.1 431 /);
  t.equal(oneShape(bodyOf(largeHeaders)).error.code, 'request.headers_too_large');
  const brokenFraming = await raw('POST /api/v1/status HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n');
  t.match(brokenFraming, /^HTTP\/1\.1 400 /);
  t.equal(oneShape(bodyOf(brokenFraming)).error.code, 'request.invalid');
});
