// The signed directory through the console: what staff read, what an administrator's browser
// publishes, and what the server refuses to store although the browser is the authority (a
// directory or certificate it cannot verify, a stale version, keys the accounts do not have).
// Also the legacy key upgrade, the organisation key's wrap, the alternative channel (version 2).
import t from 'tap';
import {
  certificateDigest,
  deriveFromPassphrase,
  fromBase64Url,
  generateSigningKeyPair,
  passphraseEnvelopeSalt,
  readDirectory,
  rewrapStaffKeys,
  sealStaffKeys,
  signDirectory,
  staffSigningKeyPair,
  toBase64Url,
  unwrapWithPassphrase,
  wrapWithPassphrase,
  type Channel,
  type DirectoryClaim,
} from '../../crypto/index.ts';
import { as, createStaff, login, type StaffMember } from '../helpers/console.ts';
import { issueFor } from '../helpers/directory.ts';
import { buildHarness, injectReport, type Harness } from '../helpers/fixtures.ts';

/** The rows a refused publication must leave as they were. */
function storedState(h: Harness) {
  return {
    directories: h.db.prepare('select version, hex(directory) from signed_directories order by version').all(),
    certificates: h.db.prepare('select account_id, hex(certificate), digest from certificates order by account_id').all(),
    recipients: h.db.prepare('select id, hex(public_key) from recipients order by id').all(),
    members: h.db.prepare('select group_id, recipient_id from group_members order by 1, 2').all(),
    published: h.db.prepare("select count(*) from audit_log where action = 'directory.publish'").pluck().get(),
  };
}

/** A certificate for a staff member as the admin's browser issues it. */
const certificateFor = (h: Harness, member: StaffMember, groups: string[], role: StaffMember['role'] = member.role, signing = h.signing) =>
  issueFor({ id: member.id, keys: member.keys, signingKeys: member.signingKeys, role }, groups, signing);

/** The next version of the current directory with `digest` listed in `groups`. */
function nextWith(h: Harness, digest: string, groups: string[], change: Partial<DirectoryClaim> = {}): DirectoryClaim {
  const current = h.currentClaim();
  const members = { ...current.members };
  for (const g of groups) members[g] = [...new Set([...(members[g] ?? []), digest])].sort();
  return { ...current, version: current.version + 1, members, ...change };
}

const body = (h: Harness, claim: DirectoryClaim, certificates: { accountId: string; certificate: Uint8Array }[], signingKey = h.signing.privateKey) => ({
  directory: toBase64Url(signDirectory(claim, signingKey)),
  certificates: certificates.map((c) => ({ accountId: c.accountId, certificate: toBase64Url(c.certificate) })),
});

t.test('an administrator publishes the next version; staff read it with every certificate', async (t) => {
  const h = await buildHarness({ recovery: true });
  t.teardown(h.close);
  const admin = as(h.consoleApp, await login(h.consoleApp, createStaff(h, 'admin', { signed: true })));
  const newcomer = createStaff(h, 'inspector', { groups: ['region-75'], signed: false });
  const inspector = as(h.consoleApp, await login(h.consoleApp, newcomer));
  t.equal((await inspector.get('/me')).json().me.keyState, 'awaiting_signature');

  const certificate = certificateFor(h, newcomer, ['region-75']);
  const claim = nextWith(h, certificateDigest(certificate), ['region-75']);
  const published = await admin.put('/directory', body(h, claim, [{ accountId: newcomer.id, certificate }]));
  t.equal(published.statusCode, 200, published.body);
  t.same(published.json(), { version: claim.version });
  t.same(h.currentClaim(), claim, 'stored as signed');

  const me = (await inspector.get('/me')).json().me;
  t.equal(me.certificate, toBase64Url(certificate), 'the inspector\'s me shows its certificate');
  t.equal(me.keyState, 'signed');
  t.same(me.groups, ['region-75']);

  const read = (await inspector.get('/directory')).json();
  t.same(readDirectory(fromBase64Url(read.directory), h.signing.publicKey), claim);
  t.ok(read.certificates.some((c: { accountId: string }) => c.accountId === 'recovery'), 'the recovery key\'s certificate too');
  t.ok(read.certificates.some((c: { accountId: string; certificate: string }) => c.accountId === newcomer.id && c.certificate === toBase64Url(certificate)));
  t.equal((await admin.get('/organisation')).json().directoryVersion, claim.version);

  // A disabled account's certificate stays readable (its old notes still verify), but it may not be listed again.
  t.equal((await admin.post(`/accounts/${newcomer.id}/disable`)).statusCode, 204);
  t.ok((await admin.get('/directory')).json().certificates.some((c: { accountId: string }) => c.accountId === newcomer.id));
  const listingDisabled = await admin.put('/directory', body(h, { ...claim, version: claim.version + 1 }, []));
  t.equal(listingDisabled.json().error.code, 'directory.invalid', 'a directory still listing a disabled account is refused');
  const without = { ...claim, version: claim.version + 1, members: { ...claim.members, 'region-75': claim.members['region-75']!.filter((d) => d !== certificateDigest(certificate)) } };
  t.equal((await admin.put('/directory', body(h, without, []))).statusCode, 200, 'one without it is published');

  const audit = (await admin.get('/audit')).json().entries.filter((e: { action: string }) => e.action === 'directory.publish');
  t.equal(audit.length, 2, 'each publication audited');
});

t.test('the server stores nothing it cannot verify, whatever the admin\'s browser sends', async (t) => {
  const h = await buildHarness({ recovery: true });
  t.teardown(h.close);
  const adminMember = createStaff(h, 'admin', { signed: true });
  const admin = as(h.consoleApp, await login(h.consoleApp, adminMember));
  const almaty = createStaff(h, 'inspector', { groups: ['region-75'] });
  const newcomer = createStaff(h, 'inspector', { groups: ['anti-corruption'], signed: false });
  const certificate = certificateFor(h, newcomer, ['anti-corruption']);
  const honest = nextWith(h, certificateDigest(certificate), ['anti-corruption']);
  const other = generateSigningKeyPair();
  const before = storedState(h);

  // Each bad certificate is listed by its own digest, so only the check of the certificate itself can refuse it.
  const listing = (bad: Uint8Array, accountId = newcomer.id) => body(h, nextWith(h, certificateDigest(bad), ['anti-corruption']), [{ accountId, certificate: bad }]);
  const refusals: [string, object, number, string][] = [
    ['a directory signed by another key', body(h, honest, [{ accountId: newcomer.id, certificate }], other.privateKey), 400, 'directory.invalid'],
    ['a certificate signed by another key', listing(certificateFor(h, newcomer, ['anti-corruption'], 'inspector', other)), 400, 'directory.invalid'],
    ['a certificate naming another account\'s box key', listing(issueFor({ id: newcomer.id, keys: almaty.keys, signingKeys: newcomer.signingKeys, role: 'inspector' }, ['anti-corruption'], h.signing)), 400, 'directory.invalid'],
    ['a certificate naming another account\'s signing key', listing(issueFor({ id: newcomer.id, keys: newcomer.keys, signingKeys: almaty.signingKeys, role: 'inspector' }, ['anti-corruption'], h.signing)), 400, 'directory.invalid'],
    ['another account\'s certificate given for this one', listing(certificateFor(h, almaty, ['anti-corruption'])), 400, 'directory.invalid'],
    ['a certificate with another role', listing(certificateFor(h, newcomer, ['anti-corruption'], 'admin')), 400, 'directory.invalid'],
    ['a certificate for a group that does not exist', listing(certificateFor(h, newcomer, ['region-99'])), 400, 'directory.invalid'],
    ['a recovery certificate for another key', body(h, { ...honest, recovery: certificateDigest(issueFor({ id: 'recovery', keys: almaty.keys, signingKeys: null, role: 'recovery' }, ['region-75'], h.signing)) }, [{ accountId: newcomer.id, certificate }, { accountId: 'recovery', certificate: issueFor({ id: 'recovery', keys: almaty.keys, signingKeys: null, role: 'recovery' }, ['region-75'], h.signing) }]), 400, 'directory.invalid'],
    ['an unknown digest', body(h, nextWith(h, 'A'.repeat(22), ['anti-corruption']), []), 400, 'directory.invalid'],
    ['a digest listed without its certificate', body(h, honest, []), 400, 'directory.invalid'],
    ['the recovery key as a member', body(h, nextWith(h, h.currentClaim().recovery!, ['anti-corruption']), []), 400, 'directory.invalid'],
    ['a stale version', body(h, { ...honest, version: honest.version - 1 }, [{ accountId: newcomer.id, certificate }]), 409, 'directory.stale'],
    ['a version skipped', body(h, { ...honest, version: honest.version + 1 }, [{ accountId: newcomer.id, certificate }]), 409, 'directory.stale'],
  ];
  for (const [what, payload, status, code] of refusals) {
    const res = await admin.put('/directory', payload);
    t.equal(res.statusCode, status, what);
    t.equal(res.json().error?.code, code, what);
  }
  t.same(storedState(h), before, 'nothing was stored by any refusal');
  t.equal((await admin.get('/accounts')).json().find((a: { id: string }) => a.id === newcomer.id).keyState, 'awaiting_signature');

  const inspector = as(h.consoleApp, await login(h.consoleApp, almaty));
  const forbidden = await inspector.put('/directory', body(h, honest, [{ accountId: newcomer.id, certificate }]));
  t.equal(forbidden.statusCode, 403, 'an inspector cannot publish');
  t.equal(forbidden.json().error.code, 'auth.forbidden');
  t.equal((await admin.put('/directory', body(h, honest, [{ accountId: newcomer.id, certificate }]))).statusCode, 200, 'the honest publication is stored');
});

t.test('a directory with an alternative channel (version 2) is published, served byte for byte and routed as before', async (t) => {
  const h = await buildHarness({ recovery: true });
  t.teardown(h.close);
  const admin = as(h.consoleApp, await login(h.consoleApp, createStaff(h, 'admin', { signed: true })));
  createStaff(h, 'inspector', { groups: ['region-75'] });
  const channel: Channel = {
    kk: 'Сенім телефоны: 8 800 080 7777.\nЕңбек қауіпсіздігі және еңбекті қорғау бөлімі, 3-қабат.',
    ru: 'Телефон доверия: 8 800 080 7777.\nОтдел безопасности и охраны труда, 3 этаж.',
    en: 'Helpline: 8 800 080 7777.\nSafety and health office, 3rd floor.',
  };
  const current = h.currentClaim();
  const withChannel: DirectoryClaim = { ...current, version: current.version + 1, channel };
  const signed = signDirectory(withChannel, h.signing.privateKey);
  t.equal(signed[0], 2, 'signed as version 2');
  const before = storedState(h);

  // Every check of today applies to a version 2 directory as well: nothing is stored.
  const refusals: [string, object, string][] = [
    ['signed by another key', body(h, withChannel, [], generateSigningKeyPair().privateKey), 'directory.invalid'],
    ['an unknown digest', body(h, { ...withChannel, members: { ...withChannel.members, national: ['A'.repeat(22)] } }, []), 'directory.invalid'],
    ['the recovery key as a member', body(h, { ...withChannel, members: { ...withChannel.members, national: [withChannel.recovery!] } }, []), 'directory.invalid'],
    ['a stale version', body(h, { ...withChannel, version: current.version }, []), 'directory.stale'],
  ];
  for (const [what, payload, code] of refusals) t.equal((await admin.put('/directory', payload)).json().error?.code, code, what);
  t.same(storedState(h), before, 'nothing was stored by any refusal');

  const published = await admin.put('/directory', { directory: toBase64Url(signed), certificates: [] });
  t.equal(published.statusCode, 200, published.body);
  t.same(published.json(), { version: withChannel.version });
  const servedToStaff = (await admin.get('/directory')).json().directory;
  const servedToReporters = (await h.app.inject({ method: 'GET', url: '/api/v1/directory' })).json().directory;
  t.equal(servedToStaff, toBase64Url(signed), 'the console serves the bytes as signed');
  t.equal(servedToReporters, toBase64Url(signed), 'the reporter site serves the bytes as signed');
  t.same(readDirectory(fromBase64Url(servedToReporters), h.signing.publicKey)?.channel, channel, 'with the channel in all three languages');
  const page = await h.pageSubmission({ region: '75', category: 'near_miss' });
  t.equal((await injectReport(h.app, page.body)).statusCode, 201, 'reports are routed by it as by version 1');

  // Taking the channel away again is the administrator's choice: a version 1 directory follows.
  const withoutChannel = { ...withChannel, version: withChannel.version + 1, channel: null };
  t.equal((await admin.put('/directory', body(h, withoutChannel, []))).statusCode, 200);
  const after = fromBase64Url((await admin.get('/directory')).json().directory);
  t.equal(after[0], 1, 'version 1 again');
  t.notOk(Object.hasOwn(readDirectory(after, h.signing.publicKey)!, 'channel'));
});

t.test('a report for a region nobody can receive is an expected refusal: a 422, no error line, no stack', async (t) => {
  const h = await buildHarness({ recovery: true });
  t.teardown(h.close);
  createStaff(h, 'inspector', { groups: ['region-75'] });
  const page = await h.pageSubmission({ region: '75', category: 'near_miss' });
  const claim = h.currentClaim();
  h.publishDirectory({ ...claim, version: claim.version + 1, members: {} });
  const refused = await injectReport(h.app, page.body);
  t.equal(refused.statusCode, 422);
  t.equal(refused.json().error.code, 'routing.no_recipients');
  const lines = h.logs().split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as { level: number });
  t.same(lines.filter((line) => line.level >= 40), [], 'nothing at warn or error level');
  t.notMatch(h.logs(), /"frames"|routing\.no_recipients/, 'no stack frames; the public listener does not even log the refusal');
});

t.test('the operator swaps a key in the database: the account is no longer "signed", its me still shows the certificate', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const member = createStaff(h, 'inspector', { groups: ['region-75'] });
  const session = as(h.consoleApp, await login(h.consoleApp, member));
  const before = (await session.get('/me')).json().me;
  t.equal(before.keyState, 'signed');
  const operatorKey = createStaff(h, 'analyst').keys.publicKey;
  h.db.prepare('update staff_accounts set public_key = ? where id = ?').run(Buffer.from(operatorKey), member.id);
  const after = (await session.get('/me')).json().me;
  t.equal(after.publicKey, toBase64Url(operatorKey));
  t.equal(after.certificate, before.certificate, 'the certificate names her real key, which her browser compares');
  t.equal(after.keyState, 'awaiting_signature');
  const admin = as(h.consoleApp, await login(h.consoleApp, createStaff(h, 'admin', { signed: true })));
  t.equal((await admin.get('/me')).json().me.mustSign, true, 'the admin is asked to certify it (and compares the code first)');
  const colleagues = (await admin.get('/colleagues')).json() as { id: string }[];
  t.notOk(colleagues.some((c) => c.id === member.id), 'nobody is offered the swapped key to share a case with');
});

t.test('a legacy key envelope is upgraded once, with the same salt', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const legacy = createStaff(h, 'inspector', { groups: ['region-75'], legacy: true });
  const session = as(h.consoleApp, await login(h.consoleApp, legacy));
  const me = (await session.get('/me')).json().me;
  t.equal(fromBase64Url(me.keyEnvelope).length, 89, 'a legacy envelope');
  t.equal(me.signingKey, null);
  const { wrappingKey } = deriveFromPassphrase(legacy.passphrase, passphraseEnvelopeSalt(legacy.keyEnvelope));
  const upgraded = rewrapStaffKeys(legacy.keyEnvelope, wrappingKey, h.signing.publicKey);
  const signingKey = toBase64Url(staffSigningKeyPair(legacy.keys.privateKey).publicKey);

  const otherSalt = sealStaffKeys(legacy.keys.privateKey, h.signing.publicKey, legacy.passphrase);
  const mismatch = await session.put('/me/keys', { keyEnvelope: toBase64Url(otherSalt), signingKey });
  t.equal(mismatch.statusCode, 400);
  t.equal(mismatch.json().error.code, 'key.mismatch', 'a new salt would break the login');
  t.equal((await session.put('/me/keys', { keyEnvelope: toBase64Url(legacy.keyEnvelope), signingKey })).statusCode, 400, 'only a bundle replaces it');
  t.equal((await as(h.consoleApp, await login(h.consoleApp, legacy), { csrf: false }).put('/me/keys', { keyEnvelope: toBase64Url(upgraded), signingKey })).statusCode, 403, 'CSRF checked');

  t.equal((await session.put('/me/keys', { keyEnvelope: toBase64Url(upgraded), signingKey })).statusCode, 204);
  const after = (await session.get('/me')).json().me;
  t.equal(after.keyEnvelope, toBase64Url(upgraded));
  t.equal(after.signingKey, signingKey);
  t.equal((await login(h.consoleApp, legacy)).me.id, legacy.id, 'the same passphrase still signs in');

  const again = await session.put('/me/keys', { keyEnvelope: toBase64Url(rewrapStaffKeys(legacy.keyEnvelope, wrappingKey, generateSigningKeyPair().publicKey)), signingKey });
  t.equal(again.statusCode, 409);
  t.equal(again.json().error.code, 'key.not_legacy', 'the anchored organisation key cannot be replaced this way');
  t.equal((await session.get('/me')).json().me.keyEnvelope, toBase64Url(upgraded));

  const bundled = as(h.consoleApp, await login(h.consoleApp, createStaff(h, 'inspector', { groups: ['region-75'] })));
  t.equal((await bundled.put('/me/keys', { keyEnvelope: toBase64Url(upgraded), signingKey })).json().error.code, 'key.not_legacy');
  const admin = as(h.consoleApp, await login(h.consoleApp, createStaff(h, 'admin')));
  t.ok((await admin.get('/audit')).json().entries.some((e: { action: string; actorId: string }) => e.action === 'account.upgrade_keys' && e.actorId === legacy.id), 'audited');
});

t.test('the organisation key\'s wrap moves from a login passphrase to the organisation passphrase', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const admin = as(h.consoleApp, await login(h.consoleApp, createStaff(h, 'admin')));
  t.equal((await admin.get('/organisation')).json().signingKeyProtection, 'login_passphrase', 'as set up before');
  const wrapped = wrapWithPassphrase(h.signing.privateKey, 'the organisation passphrase, long');
  const inspector = as(h.consoleApp, await login(h.consoleApp, createStaff(h, 'inspector', { groups: ['region-75'] })));
  t.equal((await inspector.put('/organisation/signing-key', { wrappedSigningKey: toBase64Url(wrapped) })).statusCode, 403, 'administrators only');
  t.equal((await admin.put('/organisation/signing-key', { wrappedSigningKey: 'A'.repeat(20) })).statusCode, 400);
  t.equal((await admin.put('/organisation/signing-key', { wrappedSigningKey: toBase64Url(wrapped) })).statusCode, 204);
  const org = (await admin.get('/organisation')).json();
  t.equal(org.signingKeyProtection, 'organisation_passphrase');
  t.same(unwrapWithPassphrase(fromBase64Url(org.wrappedSigningKey), 'the organisation passphrase, long'), h.signing.privateKey);
  t.ok((await admin.get('/audit')).json().entries.some((e: { action: string }) => e.action === 'organisation.signing_key_wrap'), 'audited');
});
