// The server's operator against the signed directory (issue 9): whatever rows they add or edit,
// a report goes only to the keys the organisation's signed directory routes it to. The page's
// submission stays accepted; the certificates served are only those the directory lists; a
// submission that strays from the signed route, or whose encrypted metadata differs from its
// clear columns, is refused and nothing is stored.
import t, { type Test } from 'tap';
import {
  certificateDigest,
  fromBase64Url,
  generateBoxKeyPair,
  generateSigningKeyPair,
  issueCertificate,
  readCertificate,
  signDirectory,
  toBase64Url,
  wrapReportKey,
} from '../../crypto/index.ts';
import { routeAsPage } from '../helpers/directory.ts';
import { buildHarness, injectReport, sealedSubmission, type Harness } from '../helpers/fixtures.ts';

const report = { region: '75', category: 'near_miss' } as const;

const count = (h: Harness, table: string) => (h.db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

/** Account ids of the certificates the server serves for a group, sorted ('?' for one that does not verify). */
async function servedFor(h: Harness, group: string): Promise<string[]> {
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/certificates', payload: { group } });
  return res.json<{ certificates: string[] }>().certificates.map((c) => readCertificate(fromBase64Url(c), h.signing.publicKey)?.accountId ?? '?').sort();
}

/** An organisation with a recovery key and one inspector in region 75. */
async function staffed(t: Test) {
  const h = await buildHarness({ recovery: true });
  t.teardown(h.close);
  const inspector = h.addInspector(['region-75']);
  return { h, inspector };
}

t.test("rows the operator adds or edits change neither the route nor the certificates served", async (t) => {
  const { h, inspector } = await staffed(t);
  const expected = [inspector.id, 'recovery'].sort();

  // A key of the operator's, made a recipient and a member of the region the old way.
  const operator = generateBoxKeyPair();
  h.db.prepare("insert into recipients (id, display_name, public_key, key_signature, wrapped_private_key, created_day) values ('operator', 'O', ?, x'00', x'', '2026-11-01')").run(Buffer.from(operator.publicKey));
  h.db.prepare("insert into group_members (group_id, recipient_id) values ('region-75', 'operator')").run();
  // A certificate row for it, signed by a key of the operator's, its digest column as they like.
  const forged = issueCertificate({ accountId: 'operator', boxKey: operator.publicKey, signKey: generateSigningKeyPair().publicKey, role: 'inspector', groups: ['region-75'], issuedDay: '2026-11-01' }, generateSigningKeyPair().privateKey);
  h.db.prepare("insert into certificates (account_id, certificate, digest, issued_at) values ('operator', ?, ?, '2026-11-01T00:00:00Z')").run(Buffer.from(forged), certificateDigest(forged));
  // A genuine certificate, signed by the organisation for the region but listed in no directory
  // (issued, then the administrator never published it), with a recipients row and membership.
  const unlisted = issueCertificate({ accountId: 'unlisted', boxKey: operator.publicKey, signKey: generateSigningKeyPair().publicKey, role: 'inspector', groups: ['region-75'], issuedDay: '2026-11-01' }, h.signing.privateKey);
  h.db.prepare("insert into certificates (account_id, certificate, digest, issued_at) values ('unlisted', ?, ?, '2026-11-01T00:00:00Z')").run(Buffer.from(unlisted), certificateDigest(unlisted));
  h.db.prepare("insert into recipients (id, display_name, public_key, key_signature, wrapped_private_key, created_day) values ('unlisted', 'U', ?, x'00', x'', '2026-11-01')").run(Buffer.from(operator.publicKey));
  h.db.prepare("insert into group_members (group_id, recipient_id) values ('region-75', 'unlisted')").run();
  // The routing rows: the region's group renamed away, the national group taking region 75.
  h.db.prepare("update recipient_groups set region_kato = null where id = 'region-75'").run();
  h.db.prepare("update recipient_groups set kind = 'national' where id = 'region-75'").run();

  t.same(await servedFor(h, 'region-75'), expected, 'only the certificates the signed directory lists');
  const page = await h.pageSubmission(report);
  t.same(page.body.recipientWraps.map((w) => w.recipientId).sort(), expected, 'the page seals for the listed keys');
  t.equal((await injectReport(h.app, page.body)).statusCode, 201, 'and the server takes it');

  // Sealed for the operator's key too, as the old routing by rows would have it: refused.
  const withOperator = sealedSubmission({ ...report, groupId: 'region-75', recipients: [...page.route.recipients.map((c) => ({ id: c.accountId, keys: { publicKey: c.boxKey } })), { id: 'operator', keys: operator }] });
  const refused = await injectReport(h.app, withOperator.body);
  t.equal(refused.statusCode, 422);
  t.equal(refused.json().error.code, 'report.recipients_changed');
  t.equal(count(h, 'reports'), 1, 'only the page\'s report is stored');
  t.equal(h.db.prepare("select count(*) as n from report_key_wraps where recipient_id = 'operator'").pluck().get(), 0, 'no wrap for the operator');
});

t.test("a listed certificate's row swapped or edited is served by no one and routes nothing", async (t) => {
  const { h, inspector } = await staffed(t);
  const operator = generateBoxKeyPair();
  // Same account, same digest column, bytes signed by another key naming the operator's box key.
  const swapped = issueCertificate({ accountId: inspector.id, boxKey: operator.publicKey, signKey: generateSigningKeyPair().publicKey, role: 'inspector', groups: ['region-75'], issuedDay: '2026-11-01' }, generateSigningKeyPair().privateKey);
  h.db.prepare('update certificates set certificate = ? where account_id = ?').run(Buffer.from(swapped), inspector.id);
  t.same(await servedFor(h, 'region-75'), ['recovery'], 'the swapped certificate is not served');
  const stale = sealedSubmission({ ...report, groupId: 'region-75', recipients: [{ id: inspector.id, keys: operator }, { id: 'recovery', keys: h.recovery! }] });
  const res = await injectReport(h.app, stale.body);
  t.equal(res.statusCode, 422, 'nobody eligible is left: refused, never steered to another group');
  t.equal(res.json().error.code, 'routing.no_recipients');
  t.same(await routeAsPage(h.app, h.signing.publicKey, report), { ok: false, why: 'no eligible certificate' }, 'the page stops too');
  t.equal(count(h, 'reports'), 0);
});

t.test('a disabled account stays a recipient until the organisation signs a directory without it', async (t) => {
  const { h, inspector } = await staffed(t);
  h.db.prepare("update recipients set disabled_day = '2026-11-20' where id = ?").run(inspector.id);
  h.db.prepare('delete from group_members where recipient_id = ?').run(inspector.id);
  const page = await h.pageSubmission(report);
  t.same(page.body.recipientWraps.map((w) => w.recipientId).sort(), [inspector.id, 'recovery'].sort());
  t.equal((await injectReport(h.app, page.body)).statusCode, 201, 'the submission the page makes from the signed directory is accepted');

  const claim = h.currentClaim();
  h.publishDirectory({ ...claim, version: claim.version + 1, members: {} });
  const after = await injectReport(h.app, page.body);
  t.equal(after.statusCode, 422, 'once a directory without it is published, reports for it are refused');
  t.equal(after.json().error.code, 'routing.no_recipients');
});

t.test('wraps that differ from the signed route are refused and nothing is stored', async (t) => {
  const { h, inspector } = await staffed(t);
  const national = h.addInspector(['national']);
  const page = await h.pageSubmission(report);
  const wraps = page.body.recipientWraps;
  const extra = { recipientId: national.id, wrap: toBase64Url(wrapReportKey(generateBoxKeyPair().privateKey, national.keys.publicKey)) };
  const variants: [string, object][] = [
    ['without the recovery key', { ...page.body, recipientWraps: wraps.filter((w) => w.recipientId !== 'recovery') }],
    ['without the inspector', { ...page.body, recipientWraps: wraps.filter((w) => w.recipientId !== inspector.id) }],
    ['with a key of another group', { ...page.body, recipientWraps: [...wraps, extra] }],
    ['one wrap twice instead of another', { ...page.body, recipientWraps: [wraps[0], wraps[0]] }],
    ['another group named', { ...page.body, groupId: 'national' }],
  ];
  for (const [name, body] of variants) {
    const res = await injectReport(h.app, body);
    t.equal(res.statusCode, 422, name);
    t.equal(res.json().error.code, 'report.recipients_changed', name);
  }
  t.equal(count(h, 'reports') + count(h, 'report_fields') + count(h, 'report_key_wraps') + count(h, 'reporter_keys') + count(h, 'case_lookups'), 0, 'nothing stored');
  t.equal((await injectReport(h.app, page.body)).statusCode, 201, 'the page\'s own submission goes through');
});

t.test('envelopes whose metadata differs from the body are refused 400 and nothing is stored', async (t) => {
  const { h } = await staffed(t);
  const { route } = await h.pageSubmission(report);
  const recipients = route.recipients.map((c) => ({ id: c.accountId, keys: { publicKey: c.boxKey } }));
  const contact = { name: 'Айгүл', contact: '+7 700 000 00 00' };
  const sealed = (metadata: Record<string, string>) => sealedSubmission({ ...report, groupId: 'region-75', recipients, contact, metadata });
  const variants: [string, object][] = [
    ['another region sealed', sealed({ region: '71' }).body],
    ['another category sealed', sealed({ category: 'missing_ppe' }).body],
    ['another industry sealed', sealed({ industry: 'C' }).body],
    ['another group sealed', sealed({ groupId: 'national' }).body],
  ];
  // The body changed after sealing: its clear columns no longer say what the envelopes carry.
  const honest = sealed({});
  variants.push(['the body\'s industry changed', { ...honest.body, industry: 'C' }]);
  // The contact's envelope from another report whose metadata differs.
  variants.push(['a contact envelope of other metadata', { ...honest.body, contact: sealed({ region: '71' }).body.contact }]);
  for (const [name, body] of variants) {
    const res = await injectReport(h.app, body);
    t.equal(res.statusCode, 400, name);
    t.equal(res.json().error.code, 'report.invalid', name);
  }
  t.equal(count(h, 'reports') + count(h, 'report_fields') + count(h, 'report_key_wraps') + count(h, 'reporter_keys') + count(h, 'case_lookups'), 0, 'nothing stored');
  t.equal((await injectReport(h.app, honest.body)).statusCode, 201, 'the same report with matching metadata is stored');
});

t.test('a directory not signed by the organisation key is never served as valid nor routed by', async (t) => {
  const { h } = await staffed(t);
  const page = await h.pageSubmission(report);
  // The operator stores a newer version signed by a key of their own, listing only their key.
  const operator = generateSigningKeyPair();
  const claim = h.currentClaim();
  const forged = signDirectory({ ...claim, version: claim.version + 1, members: { 'region-75': [claim.recovery!] } }, operator.privateKey);
  h.db.prepare("insert into signed_directories (version, directory, published_at) values (?, ?, '2026-11-25T00:00:00Z')").run(claim.version + 1, Buffer.from(forged));
  const served = (await h.app.inject({ method: 'GET', url: '/api/v1/directory' })).json<{ directory: string | null }>();
  t.equal(served.directory, null, 'the server serves no directory that does not verify with the organisation key');
  t.same(await servedFor(h, 'region-75'), [], 'nor certificates by it');
  const res = await injectReport(h.app, page.body);
  t.equal(res.statusCode, 422, 'and routes nothing by it');
  t.equal(res.json().error.code, 'routing.no_recipients');

  // They also swap the stored organisation key for theirs: the server now serves their directory,
  // but the page holds the real key and stops.
  h.db.prepare('update organisation set signing_public_key = ? where id = 1').run(Buffer.from(operator.publicKey));
  const swapped = (await h.app.inject({ method: 'GET', url: '/api/v1/directory' })).json<{ organisationKey: string; directory: string | null }>();
  t.equal(swapped.directory, toBase64Url(forged), 'served, as it verifies with the stored key');
  t.same(await routeAsPage(h.app, h.signing.publicKey, report), { ok: false, why: 'the directory does not verify' }, 'the page with the real organisation key refuses it');
  t.equal(count(h, 'reports'), 0);
});
