import t from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../db/database.ts';
import {
  deriveLookupId,
  deriveReporterKeyPair,
  fromBase64Url,
  generateBoxKeyPair,
  generateSigningKeyPair,
  normalizeCaseCode,
  openReport,
  readCertificate,
  readDirectory,
  toBase64Url,
  unwrapReportKey,
} from '../../crypto/index.ts';
import { certifyMember, currentClaim, publishClaim } from '../helpers/directory.ts';
import { buildHarness, injectReport, injectStatus, sampleContent, sealedSubmission, solvedPow } from '../helpers/fixtures.ts';

const base64urlAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** The same text with the lowest (unused) bit of its last character set. */
const withStrayBit = (text: string) => `${text.slice(0, -1)}${base64urlAlphabet[base64urlAlphabet.indexOf(text.at(-1) ?? 'A') | 1]}`;

const count = (h: Awaited<ReturnType<typeof buildHarness>>, table: string) =>
  (h.database.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

t.test('the page gets the signed directory and the certificates of the group a report goes to', async (t) => {
  const h = await buildHarness({ recovery: true });
  t.teardown(h.close);
  const almaty = h.addInspector(['region-75']);
  const national = h.addInspector(['national']);
  const antiCorruption = h.addInspector(['anti-corruption']);

  const res = await h.app.inject({ method: 'GET', url: '/api/v1/directory' });
  t.equal(res.statusCode, 200);
  t.equal(res.headers['cache-control'], 'no-store');
  const served = res.json<{ organisationKey: string; directory: string }>();
  t.same(fromBase64Url(served.organisationKey), h.signing.publicKey, 'the stored organisation key');
  const claim = readDirectory(fromBase64Url(served.directory), h.signing.publicKey);
  t.equal(claim?.version, 4, 'the newest version (recovery key, then three inspectors)');

  const certificatesOf = async (group: string) =>
    (await h.app.inject({ method: 'POST', url: '/api/v1/certificates', payload: { group } })).json<{ certificates: string[] }>().certificates.map((c) => readCertificate(fromBase64Url(c), h.signing.publicKey));
  const regional = await certificatesOf('region-75');
  t.ok(regional.every((c) => c !== null), 'every certificate verifies with the organisation key');
  t.same(regional.map((c) => c?.accountId ?? '?').sort(), [almaty.id, 'recovery'].sort(), "the group's members and the recovery key");
  t.same((await certificatesOf('region-10')).map((c) => c?.accountId), ['recovery'], 'a group without members: the recovery key alone');

  const routes = [
    { report: { region: '75', category: 'concealed_injury.recorded_as_domestic' }, group: 'region-75', recipients: [almaty.id, 'recovery'] },
    { report: { region: '10', category: 'near_miss' }, group: 'national', recipients: [national.id, 'recovery'], why: 'a region without inspectors falls back to the national group' },
    { report: { region: '75', category: 'inspector_corruption' }, group: 'anti-corruption', recipients: [antiCorruption.id], why: 'inspector corruption never goes to the inspectorate, nor to its recovery key' },
  ];
  for (const { report, group, recipients, why } of routes) {
    const sealed = await h.pageSubmission(report);
    t.equal(sealed.route.groupId, group, why ?? `${report.region}: ${group}`);
    t.same(sealed.body.recipientWraps.map((w) => w.recipientId), recipients);
    t.equal((await injectReport(h.app, sealed.body)).statusCode, 201, 'and the server takes what the page sealed');
  }
  const wraps = h.db.prepare('select report_id, recipient_id from report_key_wraps').all();
  t.equal(wraps.length, 5, 'one wrap per routed key, nobody else');
});

t.test('with nobody to receive, the page is told plainly and corruption reports do not fall back', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const before = await h.app.inject({ method: 'GET', url: '/api/v1/directory' });
  t.equal(before.json().directory, null, 'nothing published yet');
  const inspector = h.addInspector(['region-75']);
  const corruption = sealedSubmission({ region: '75', category: 'inspector_corruption', groupId: 'region-75', recipients: [inspector] });
  const refused = await injectReport(h.app, corruption.body);
  // 422 since issue 10 (was 503): the report's region and category are the client's choice, not an outage.
  t.equal(refused.statusCode, 422);
  t.equal(refused.json().error.code, 'routing.no_recipients', 'a corruption report does not go to the region');
  const elsewhere = await injectReport(h.app, sealedSubmission({ region: '10', category: 'near_miss', groupId: 'national', recipients: [inspector] }).body);
  t.equal(elsewhere.statusCode, 422, 'no regional and no national inspector');
  t.match(elsewhere.json().error.message, /Nobody can receive/);
  await t.rejects(h.pageSubmission({ region: '75', category: 'inspector_corruption' }), /would not send/, 'the page stops before sealing');
  t.equal(count(h, 'reports'), 0);

  const noOrganisation = await buildHarness({ withOrganisation: false });
  t.teardown(noOrganisation.close);
  const answer = await noOrganisation.app.inject({ method: 'GET', url: '/api/v1/directory' });
  t.equal(answer.statusCode, 422, 'no organisation set up yet');
  t.equal(answer.json().error.code, 'routing.no_recipients');
});

t.test('a report is stored as ciphertext, readable by its recipients and the reporter, with its status', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const inspector = h.addInspector(['region-75']);
  const { caseCode, body } = sealedSubmission({ region: '75', category: 'missing_ppe', groupId: 'region-75', recipients: [inspector], contact: { name: 'Айгүл', contact: '+7 700 000 00 00' } });

  const res = await injectReport(h.app, body);
  t.equal(res.statusCode, 201);
  t.same(res.json(), { receivedDay: '2026-11-26' }, 'received day in Kazakhstan time, nothing finer');
  t.equal(res.headers['cache-control'], 'no-store');

  const row = h.database.sqlite.prepare('select * from reports').get() as Record<string, unknown>;
  t.same(
    { region: row.region, industry: row.industry, category: row.category, group: row.group_id, day: row.received_day, status: row.status },
    { region: '75', industry: 'F', category: 'missing_ppe', group: 'region-75', day: '2026-11-26', status: 'new' },
  );
  const fields = h.database.sqlite.prepare('select field, ciphertext from report_fields where report_id = ?').all(body.reportId) as { field: string; ciphertext: Buffer }[];
  const wrap = (h.database.sqlite.prepare('select wrap from report_key_wraps where recipient_id = ?').get(inspector.id) as { wrap: Buffer }).wrap;
  const byField = (f: string) => fields.find((x) => x.field === f)?.ciphertext ?? null;
  const opened = openReport({ reportId: body.reportId, content: byField('content')!, contact: byField('contact'), wrap, keyPair: inspector.keys });
  t.same(opened.content, sampleContent());
  t.same(opened.contact, { name: 'Айгүл', contact: '+7 700 000 00 00' });
  t.same(opened.metadata, { region: '75', industry: 'F', category: 'missing_ppe', groupId: 'region-75' }, 'the clear columns, bound in the envelopes');

  const reporterRow = h.database.sqlite.prepare('select salt, wrap from reporter_keys').get() as { salt: Buffer; wrap: Buffer };
  const reporterKeys = deriveReporterKeyPair(caseCode, reporterRow.salt);
  const reportKeys = unwrapReportKey(reporterRow.wrap, reporterKeys);
  t.ok(reportKeys.privateKey.length === 32, 'the reporter can recover the report key from the code alone');

  const lookups = h.database.sqlite.prepare('select lookup_hash from case_lookups').all() as { lookup_hash: Buffer }[];
  t.equal(lookups.length, 1);
  t.not(toBase64Url(lookups[0]!.lookup_hash), body.lookupId, 'the lookup id itself is not stored, only its keyed hash');

  const status = await injectStatus(h.app, body.lookupId);
  t.equal(status.statusCode, 200);
  t.same(status.json(), { status: 'new', receivedDay: '2026-11-26' });
});

t.test('wrong and unknown codes get the same answer', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const inspector = h.addInspector(['region-75']);
  const { caseCode, body } = sealedSubmission({ region: '75', category: 'near_miss', groupId: 'region-75', recipients: [inspector] });
  t.equal((await injectReport(h.app, body)).statusCode, 201);

  // A code one digit off whose check digit still passes: the page lets it through, the server cannot tell.
  const digits = caseCode.split('');
  let wrongCode = '';
  for (let i = 0; i < 27 && !wrongCode; i++) {
    for (let d = 0; d < 10 && !wrongCode; d++) {
      const candidate = [...digits];
      candidate[i] = String(d);
      for (let c = 0; c < 10; c++) {
        candidate[27] = String(c);
        const text = candidate.join('');
        if (text !== caseCode && normalizeCaseCode(text).ok && candidate[i] !== digits[i]) {
          wrongCode = text;
          break;
        }
      }
    }
  }
  const answer = async (lookupId: Uint8Array) => {
    const res = await injectStatus(h.app, toBase64Url(lookupId));
    const { date, ...headers } = res.headers;
    return { status: res.statusCode, body: res.body, headers };
  };
  const wrong = await answer(deriveLookupId(wrongCode));
  const unknown = await answer(new Uint8Array(32).fill(9));
  t.equal(wrong.status, 404);
  t.same(wrong, unknown, 'same status, body and headers');
  t.same(JSON.parse(wrong.body), { error: { code: 'case.not_found', message: 'No case matches this code' } });
});

t.test('stale recipients, a changed group and a reused id are refused without storing anything', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const first = h.addInspector(['region-75']);
  const stale = sealedSubmission({ region: '75', category: 'near_miss', groupId: 'region-75', recipients: [first] });
  h.addInspector(['region-75']);
  const res = await injectReport(h.app, stale.body);
  t.equal(res.statusCode, 422);
  t.equal(res.json().error.code, 'report.recipients_changed');

  const wrongGroup = sealedSubmission({ region: '75', category: 'near_miss', groupId: 'national', recipients: [first] });
  t.equal((await injectReport(h.app, wrongGroup.body)).statusCode, 422);
  t.equal(count(h, 'reports'), 0);

  const h2 = await buildHarness();
  t.teardown(h2.close);
  const only = h2.addInspector(['region-75']);
  const once = sealedSubmission({ region: '75', category: 'near_miss', groupId: 'region-75', recipients: [only] });
  t.equal((await injectReport(h2.app, once.body)).statusCode, 201);
  const again = await injectReport(h2.app, once.body);
  t.equal(again.statusCode, 409);
  t.equal(again.json().error.code, 'report.conflict');
  t.equal(count(h2, 'reports'), 1);
  t.equal(count(h2, 'report_fields'), 1);
});

t.test('routing follows a directory published through another connection at once (the admin CLI while the server runs)', async (t) => {
  const databasePath = join(mkdtempSync(join(tmpdir(), 'qauipsiz-intake-')), 'q.db');
  const h = await buildHarness({ databasePath });
  t.teardown(h.close);
  const national = h.addInspector(['national']);
  const first = await h.pageSubmission({ region: '75', category: 'near_miss' });
  t.equal(first.route.groupId, 'national', 'nobody in the region yet');
  // Another process: a second connection to the same file, as `npm run admin -- add-inspector` opens.
  const other = openDatabase(databasePath);
  t.teardown(other.close);
  const regional = { id: 'regional', keys: generateBoxKeyPair(), signingKeys: generateSigningKeyPair(), role: 'inspector' as const };
  certifyMember(other.db, h.signing, regional, ['region-75']);
  t.equal((await injectReport(h.app, first.body)).json().error.code, 'report.recipients_changed', 'a report sealed by the older directory is refused');
  const second = await h.pageSubmission({ region: '75', category: 'near_miss' });
  t.same([second.route.groupId, second.body.recipientWraps.map((w) => w.recipientId)], ['region-75', ['regional']], 'the region is staffed now');
  // The next version lists nobody in the region: reports go to the national group again.
  publishClaim(other.db, h.signing, { ...currentClaim(other.db, h.signing.publicKey), version: undefined, members: { national: h.currentClaim().members.national ?? [] } });
  t.equal((await h.pageSubmission({ region: '75', category: 'near_miss' })).route.groupId, 'national', 'removing takes effect on the next request');
  t.equal((await injectReport(h.app, second.body)).json().error.code, 'report.recipients_changed', 'a report sealed for the removed inspector is refused');
  t.equal(count(h, 'reports'), 0);
  t.ok(national.certificate, 'the national inspector stays certified');
});

t.test('bad input gets a clear 4xx JSON error and nothing is stored', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const inspector = h.addInspector(['region-75']);
  const { body } = sealedSubmission({ region: '75', category: 'near_miss', groupId: 'region-75', recipients: [inspector] });
  // Every object body carries a valid proof of work, so each case fails for the reason it names.
  const post = async (payload: string | object, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    h.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: typeof payload === 'string' ? payload : JSON.stringify({ pow: await solvedPow(h.app, 'submit'), ...payload }),
      headers,
    });

  const shortEnvelope = toBase64Url(new Uint8Array(1 + 80 + 24 + 1000 + 16).fill(1));
  const badVersionEnvelope = toBase64Url(new Uint8Array(1 + 80 + 24 + 64 + 1024 + 16).fill(3));
  const versionOneEnvelope = toBase64Url(new Uint8Array(1 + 80 + 24 + 1024 + 16).fill(1));
  const cases: [string, Awaited<ReturnType<typeof post>>, number, string][] = [
    ['no proof of work', await post(JSON.stringify(body)), 400, 'request.invalid'],
    ['malformed JSON', await post('{"version":1,'), 400, 'request.malformed_json'],
    ['empty body', await post(''), 400, 'request.invalid'],
    ['not an object', await post('[1,2,3]'), 400, 'request.invalid'],
    ['wrong content type', await post('version=1', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'request.unsupported_media_type'],
    ['wrong type', await post({ ...body, version: '1' }), 400, 'request.invalid'],
    ['unknown field', await post({ ...body, ip: '1.2.3.4' }), 400, 'request.invalid'],
    ['missing field', await post({ ...body, content: undefined }), 400, 'request.invalid'],
    ['unknown version', await post({ ...body, version: 3 }), 400, 'request.invalid'],
    ['version 1 (envelopes without metadata)', await post({ ...body, version: 1 }), 400, 'request.invalid'],
    ['unknown region', await post({ ...body, region: '99' }), 400, 'request.invalid'],
    ['unknown category', await post({ ...body, category: 'made_up' }), 400, 'request.invalid'],
    ['unknown industry', await post({ ...body, industry: 'Z' }), 400, 'request.invalid'],
    ['not base64url', await post({ ...body, content: `${body.content.slice(0, -4)}+/==` }), 400, 'request.invalid'],
    // 32 bytes are 43 characters whose last carries 2 unused bits: set, they decode to the same bytes.
    ['base64url with stray bits', await post({ ...body, lookupId: withStrayBit(body.lookupId) }), 400, 'request.invalid'],
    ['base64url of an impossible length', await post({ ...body, content: `${body.content}A` }), 400, 'request.invalid'],
    ['envelope off the padding buckets', await post({ ...body, content: shortEnvelope }), 400, 'request.invalid'],
    ['envelope of an unknown version', await post({ ...body, content: badVersionEnvelope }), 400, 'request.invalid'],
    ['a version 1 envelope (no metadata bound)', await post({ ...body, content: versionOneEnvelope }), 400, 'request.invalid'],
    ['overlong string', await post({ ...body, region: '7'.repeat(10_000) }), 400, 'request.invalid'],
    ['too many wraps', await post({ ...body, recipientWraps: Array.from({ length: 101 }, () => body.recipientWraps[0]) }), 400, 'request.invalid'],
    ['oversized body', await post({ ...body, content: 'A'.repeat(300 * 1024) }), 413, 'request.too_large'],
  ];
  for (const [name, res, status, code] of cases) {
    t.equal(res.statusCode, status, `${name}: status`);
    t.equal(res.json().error?.code, code, `${name}: error code`);
    t.type(res.json().error?.message, 'string', `${name}: message`);
    t.notMatch(res.json().error.message, /7777777777|1\.2\.3\.4/, `${name}: the message does not echo the body`);
  }
  t.equal(count(h, 'reports') + count(h, 'report_fields') + count(h, 'case_lookups') + count(h, 'reporter_keys'), 0, 'nothing stored');

  const badStatus = await h.app.inject({ method: 'POST', url: '/api/v1/status', payload: { lookupId: 'short', pow: await solvedPow(h.app, 'status') } });
  t.equal(badStatus.statusCode, 400);
  for (const payload of [{ group: 'region-75', extra: 1 }, {}, { group: 'Region_75' }, { group: 'a'.repeat(65) }, { group: 75 }]) {
    const badBody = await h.app.inject({ method: 'POST', url: '/api/v1/certificates', payload });
    t.equal(badBody.statusCode, 400, `certificates ${JSON.stringify(payload)}`);
    t.equal(badBody.json().error.code, 'request.invalid');
  }
  const inUrl = await h.app.inject({ method: 'GET', url: '/api/v1/certificates?group=region-75' });
  t.equal(inUrl.statusCode, 405, 'the group is never taken from a URL a proxy would log');
});

t.test('unknown paths get one constant answer on both listeners', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const answers = await Promise.all([
    h.app.inject({ method: 'GET', url: '/nope' }),
    h.app.inject({ method: 'POST', url: '/api/v1/nope?x=1', payload: { a: 1 } }),
    h.app.inject({ method: 'GET', url: '/api/openapi.json' }),
    h.consoleApp.inject({ method: 'GET', url: '/api/v1/reports' }),
  ]);
  for (const res of answers) {
    t.equal(res.statusCode, 404);
    t.same(res.json(), { error: { code: 'not_found', message: 'Not found' } });
  }
});

t.test('strict headers on the public listener', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const res = await h.app.inject({ method: 'GET', url: '/api/v1/directory' });
  const csp = String(res.headers['content-security-policy']);
  t.match(csp, /default-src 'self'/);
  t.match(csp, /script-src 'self' 'wasm-unsafe-eval'(;|$)/, 'no inline script');
  t.notMatch(csp, /unsafe-inline|https?:/, 'no inline code and no other origin');
  t.match(csp, /frame-ancestors 'none'/);
  t.equal(res.headers['referrer-policy'], 'no-referrer');
  t.equal(res.headers['cache-control'], 'no-store');
  t.equal(res.headers['x-content-type-options'], 'nosniff');
  t.match(String(res.headers['permissions-policy']), /camera=\(\)/);
});

t.test('the OpenAPI description is on the console listener only', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const res = await h.consoleApp.inject({ method: 'GET', url: '/api/openapi.json' });
  t.equal(res.statusCode, 200);
  const spec = res.json();
  t.match(spec.openapi, /^3\./);
  t.ok(spec.paths['/api/v1/reports']?.post, 'submission described');
  t.ok(spec.paths['/api/v1/status']?.post, 'status described');
  t.ok(spec.paths['/api/v1/directory']?.get, 'directory described');
  t.ok(spec.paths['/api/v1/certificates']?.post, 'certificates described');
  t.notOk(spec.paths['/api/v1/recipients'], 'the recipients route is gone');
  t.equal(spec.paths['/api/v1/reports'].post.requestBody.content['application/json'].schema.additionalProperties, false);
});

t.test('the request log holds no client metadata, query, body or precise time', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const inspector = h.addInspector(['region-75']);
  const { body } = sealedSubmission({ region: '75', category: 'near_miss', groupId: 'region-75', recipients: [inspector] });
  const headers = { 'x-forwarded-for': '203.0.113.77', 'user-agent': 'MarkerAgent/77', referer: 'https://marker-referer.example/' };
  await h.app.inject({ method: 'POST', url: '/api/v1/reports', payload: { ...body, pow: await solvedPow(h.app, 'submit') }, headers, remoteAddress: '198.51.100.23' });
  await injectStatus(h.app, body.lookupId, headers);
  await h.app.inject({ method: 'POST', url: '/api/v1/certificates', payload: { group: 'region-75' }, headers });
  await h.app.inject({ method: 'GET', url: '/no-such-page-marker?q=marker-query', headers });
  await h.app.inject({ method: 'POST', url: '/api/v1/reports', payload: '{"broken": "marker-body', headers: { ...headers, 'content-type': 'application/json' } });

  await h.app.close(); // writes the day's counts
  const logs = h.logs();
  t.notMatch(logs, /request completed/, 'public requests are counted by day, not logged one by one (test/api/timing-trail.test.ts)');
  t.match(logs, /public requests of the day/, 'the day counts are logged');
  for (const marker of ['203.0.113.77', '198.51.100.23', '127.0.0.1', 'MarkerAgent', 'marker-referer', 'no-such-page-marker', 'marker-query', 'marker-body', body.lookupId, body.reportId]) {
    t.notOk(logs.includes(marker), `log does not contain ${marker}`);
  }
  for (const line of logs.trim().split('\n')) {
    const entry = JSON.parse(line);
    t.notOk('time' in entry, 'no millisecond timestamp');
    t.match(entry.day, /^\d{4}-\d{2}-\d{2}$/);
  }
});
