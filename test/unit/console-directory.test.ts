// The directory the administrator's browser signs (web/console/directory.ts), against what an
// operator can put in the database: accounts, groups and roles are only proposals; the rules of the
// signed directory decide who receives. And the sign-in check (web/console/keys.ts) of the server's
// record of an account against the keys opened in the browser. Pure functions with real keys.
import t from 'tap';
import type { Account, CaseDetail, Colleague } from '../../contract/console-api.ts';
import * as crypto from '../../crypto/index.ts';
import { changesNeedSigning, defaultRouting, directoryWithout, isListed, planDirectory, readTrusted, recoveryGroups, signNextDirectory, type Trusted } from '../../web/console/directory.ts';
import { invitationLink } from '../../web/console/invitation.ts';
import { fingerprintTailMatches, serverRecordProblem } from '../../web/console/keys.ts';
import { recordDirectoryVersion, rememberAnchor, rememberedAnchor, seenDirectoryVersion, type Memory } from '../../web/console/memory.ts';
import { certifiedColleagues } from '../../web/console/views/case/recipients.ts';
import { checkMetadata, noteAuthorLabel, type OpenedNote } from '../../web/console/views/case/open.ts';

await crypto.loadSodium('sumo');
const b64 = crypto.toBase64Url;
const organisation = crypto.generateSigningKeyPair();
const recovery = crypto.generateBoxKeyPair();
const today = '2026-12-02';

/** The first directory's routing, from the catalogue as the console takes it (never from the server's group rows). */
const routing = defaultRouting(['75', '11']);

function account(id: string, role: Account['role'], accountGroups: string[]): Account & { keys: crypto.KeyPair } {
  const keys = crypto.generateBoxKeyPair();
  const signing = crypto.staffSigningKeyPair(keys.privateKey);
  return {
    id,
    username: id,
    displayName: id,
    role,
    status: 'active',
    groups: accountGroups,
    keyState: 'awaiting_signature',
    totpEnabled: false,
    publicKey: b64(keys.publicKey),
    signingKey: b64(signing.publicKey),
    certificate: null,
    keys,
  };
}

/** What the server would answer after publishing `signed`: its directory and every stored certificate. */
function stored(signed: ReturnType<typeof signNextDirectory>, before: Trusted | null = null): Trusted {
  const certificates = [...(before?.certificates.values() ?? [])].map((c) => ({ accountId: c.accountId, certificate: b64(c.bytes) }));
  for (const c of signed.certificates) {
    const i = certificates.findIndex((x) => x.accountId === c.accountId);
    if (i >= 0) certificates.splice(i, 1);
    certificates.push({ accountId: c.accountId, certificate: b64(c.certificate) });
  }
  return readTrusted(crypto, organisation.publicKey, { directory: b64(signed.directory), certificates });
}

const empty: Trusted = { current: null, certificates: new Map(), byDigest: new Map(), listed: new Set() };
const sign = (accounts: Account[], trusted: Trusted, confirmed: string[]) =>
  signNextDirectory(crypto, {
    plan: planDirectory(crypto, accounts, routing, trusted, recovery.publicKey, today),
    trusted,
    confirmed: new Set(confirmed),
    recoveryPublicKey: recovery.publicKey,
    organisationPrivateKey: organisation.privateKey,
    today,
  });

t.test('the anti-corruption group lists only inspectors in no other group; the recovery key never reads it', async (t) => {
  const only = account('only-anti', 'inspector', ['anti-corruption']);
  const both = account('both', 'inspector', ['anti-corruption', 'region-75']);
  const admin = account('admin', 'admin', ['anti-corruption']);
  const accounts = [only, both, admin];
  const plan = planDirectory(crypto, accounts, routing, empty, recovery.publicKey, today);
  t.same(plan.awaitingCode.map((a) => a.id), ['only-anti', 'both', 'admin'], 'every new key waits for its code');
  t.same(plan.routing, routing, 'a first directory routes by the catalogue');
  const trusted = stored(sign(accounts, empty, ['only-anti', 'both', 'admin']));
  const digest = (id: string) => trusted.certificates.get(id)?.digest;
  t.same(trusted.current?.members['anti-corruption'], [digest('only-anti')], 'anti-corruption: the single-group inspector alone');
  t.same(trusted.current?.members['region-75'], [digest('both')], 'the two-group inspector receives for the region only');
  t.notOk(Object.values(trusted.current?.members ?? {}).flat().includes(digest('admin') ?? '-'), 'the administrator in anti-corruption receives nothing');
  const recoveryCertificate = trusted.certificates.get('recovery');
  t.same(recoveryCertificate?.groups, ['national', 'region-11', 'region-75'], 'the recovery key: region groups and the fallback, no exclusive group');
  t.same(recoveryGroups(trusted.current!.routing), recoveryCertificate?.groups);
  const all = [...trusted.certificates.values()];
  const corruption = crypto.routeReport(trusted.current!, all, { region: '75', category: 'inspector_corruption' });
  t.same(corruption.ok ? corruption.recipients.map((r) => r.accountId) : [], ['only-anti'], 'a corruption report is encrypted to that inspector alone');
});

t.test('a key is certified only with its code; role and group changes re-issue without one', async (t) => {
  const aigul = account('aigul', 'inspector', ['region-75']);
  const bolat = account('bolat', 'inspector', ['region-75']);
  const first = stored(sign([aigul, bolat], empty, ['aigul']));
  t.ok(first.certificates.has('aigul'), 'the confirmed key is certified');
  t.notOk(first.certificates.has('bolat'), 'the unconfirmed one is not');

  // The operator moves Aigul to another group and swaps Bolat's key: signing now re-issues
  // Aigul's certificate (same key) and still leaves Bolat's new key uncertified without a code.
  const moved = { ...aigul, groups: ['region-11'] };
  const swapped = { ...bolat, publicKey: b64(crypto.generateBoxKeyPair().publicKey) };
  const plan = planDirectory(crypto, [moved, swapped], routing, first, recovery.publicKey, today);
  t.same(plan.changes.filter((c) => c.kind === 'joins' || c.kind === 'leaves'), [
    { kind: 'joins', accountId: 'aigul', groupId: 'region-11' },
    { kind: 'leaves', accountId: 'aigul', groupId: 'region-75' },
    { kind: 'joins', accountId: 'bolat', groupId: 'region-75', withCode: true },
  ], 'the move is listed for review, and the new key’s group beside its code');
  t.equal(plan.standings.get('aigul')?.kind, 'reissue', 'same key: re-issued without a code');
  t.equal(plan.standings.get('bolat')?.kind, 'needs_code', 'a swapped key needs a code');
  const second = stored(sign([moved, swapped], first, []), first);
  t.equal(second.current?.version, 2);
  t.same(second.current?.members['region-11'], [second.certificates.get('aigul')?.digest], 'Aigul receives for her new group');
  t.notOk(second.current?.members['region-75'], 'nobody for region 75: the swapped key got nothing');
});

t.test('once signed, the routing is the signed one; disabling removes only that key; a forged directory stops', async (t) => {
  const aigul = account('aigul', 'inspector', ['region-75']);
  const dana = account('dana', 'inspector', ['region-75']);
  const first = stored(sign([aigul, dana], empty, ['aigul', 'dana']));
  const rerouted = { ...routing, regions: { ...routing.regions, '75': 'region-11' } };
  t.same(planDirectory(crypto, [aigul, dana], rerouted, first, recovery.publicKey, today).routing, first.current?.routing, 'once signed, the signed routing stays');
  const next = directoryWithout(crypto, first, 'aigul', organisation.privateKey, today);
  const after = crypto.readDirectory(next!.directory, organisation.publicKey);
  t.equal(after?.version, 2);
  t.same(after?.members['region-75'], [first.certificates.get('dana')?.digest], 'the disabled key is gone, the other stays');
  t.equal(after?.recovery, first.current?.recovery, 'the recovery certificate is unchanged');

  const operator = crypto.generateSigningKeyPair();
  const forged = crypto.signDirectory({ ...first.current!, version: 9 }, operator.privateKey);
  t.throws(() => readTrusted(crypto, organisation.publicKey, { directory: b64(forged), certificates: [] }), { name: 'TrustError', code: 'directory_invalid' }, 'a directory the organisation key did not sign stops the signing screen');
});

t.test('the sign-in check: the server’s record must name the keys opened in the browser', async (t) => {
  const keyPair = crypto.generateBoxKeyPair();
  const held = { keyPair, signingKeyPair: crypto.staffSigningKeyPair(keyPair.privateKey), organisationKey: organisation.publicKey };
  const certify = (boxKey: Uint8Array, signKey: Uint8Array, key = organisation.privateKey, accountId = 'me') =>
    b64(crypto.issueCertificate({ accountId, boxKey, signKey, role: 'inspector', groups: ['region-75'], issuedDay: today }, key));
  const me = { id: 'me', publicKey: b64(keyPair.publicKey), signingKey: b64(held.signingKeyPair.publicKey), certificate: certify(keyPair.publicKey, held.signingKeyPair.publicKey) };
  const other = crypto.generateBoxKeyPair();
  t.equal(serverRecordProblem(crypto, held, me), null, 'the genuine record passes');
  t.equal(serverRecordProblem(crypto, held, { ...me, certificate: null }), null, 'so does one not certified yet');
  t.equal(serverRecordProblem(crypto, held, { ...me, publicKey: b64(other.publicKey) }), 'box_key', 'a swapped public key stops');
  t.equal(serverRecordProblem(crypto, held, { ...me, signingKey: b64(crypto.generateSigningKeyPair().publicKey) }), 'sign_key', 'a swapped signing key stops');
  t.equal(serverRecordProblem(crypto, held, { ...me, certificate: certify(other.publicKey, held.signingKeyPair.publicKey) }), 'certificate', 'a certificate of another key stops');
  t.equal(serverRecordProblem(crypto, held, { ...me, certificate: certify(keyPair.publicKey, held.signingKeyPair.publicKey, crypto.generateSigningKeyPair().privateKey) }), 'certificate', 'a certificate another key signed stops');
  t.equal(serverRecordProblem(crypto, held, { ...me, certificate: certify(keyPair.publicKey, held.signingKeyPair.publicKey, organisation.privateKey, 'someone') }), 'certificate', 'a certificate for another account stops');
});

/** The server's answer for `trusted`, as GET /api/console/directory gives it, for the operator to edit. */
function answerOf(trusted: Trusted) {
  return {
    directory: trusted.current === null ? null : b64(crypto.signDirectory(trusted.current, organisation.privateKey)),
    certificates: [...trusted.certificates.values()].map((c) => ({ accountId: c.accountId, certificate: b64(c.bytes) })),
  };
}

t.test('the operator withholds the recovery certificate to have a key of its own certified: refused', async (t) => {
  const aigul = account('aigul', 'inspector', ['region-75']);
  const first = stored(sign([aigul], empty, ['aigul']));
  const genuine = answerOf(first);
  const withoutRecovery = { ...genuine, certificates: genuine.certificates.filter((c) => c.accountId !== 'recovery') };
  t.throws(() => readTrusted(crypto, organisation.publicKey, withoutRecovery), { code: 'directory_invalid' }, 'the listed recovery certificate missing: nothing is signed');
  const broken = { ...genuine, certificates: genuine.certificates.map((c) => (c.accountId === 'recovery' ? { ...c, certificate: `${c.certificate.slice(0, -4)}AAAA` } : c)) };
  t.throws(() => readTrusted(crypto, organisation.publicKey, broken), { code: 'directory_invalid' }, 'a broken one, dropped, is no different');
  // A recovery certificate of the operator's key, validly signed earlier (say, a stolen old signing), is served beside the listed one.
  const operatorBox = crypto.generateBoxKeyPair();
  const replayed = crypto.issueCertificate({ accountId: 'recovery', boxKey: operatorBox.publicKey, signKey: null, role: 'recovery', groups: recoveryGroups(routing), issuedDay: '2026-11-01' }, organisation.privateKey);
  const trusted = readTrusted(crypto, organisation.publicKey, { ...genuine, certificates: [...genuine.certificates, { accountId: 'recovery', certificate: b64(replayed) }] });
  // The server names its own recovery public key; a change (Aigul moves) makes the next signing happen.
  const next = signNextDirectory(crypto, {
    plan: planDirectory(crypto, [{ ...aigul, groups: ['region-11'] }], routing, trusted, operatorBox.publicKey, today),
    trusted,
    confirmed: new Set(),
    recoveryPublicKey: operatorBox.publicKey,
    organisationPrivateKey: organisation.privateKey,
    today,
  });
  const claim = crypto.readDirectory(next.directory, organisation.publicKey);
  t.equal(claim?.recovery, first.current?.recovery, 'the next directory names the listed recovery certificate, not the operator’s');
  t.notOk(next.certificates.some((c) => c.accountId === 'recovery'), 'and no recovery certificate is issued');
});

t.test('the operator omits a reader’s certificate so that disabling or signing would keep or drop them silently: refused', async (t) => {
  const aigul = account('aigul', 'inspector', ['region-75']);
  const dana = account('dana', 'inspector', ['region-75']);
  const first = stored(sign([aigul, dana], empty, ['aigul', 'dana']));
  t.ok(isListed(first, 'aigul'), 'Aigul is listed');
  const genuine = answerOf(first);
  for (const id of ['aigul', 'dana']) {
    const omitted = { ...genuine, certificates: genuine.certificates.filter((c) => c.accountId !== id) };
    t.throws(() => readTrusted(crypto, organisation.publicKey, omitted), { code: 'directory_invalid' }, `${id}’s certificate withheld: the screen stops instead of signing without her`);
  }
});

t.test('a missing or older directory than this browser saw is refused; a first directory never routes by group rows', async (t) => {
  const aigul = account('aigul', 'inspector', ['region-75']);
  const first = stored(sign([aigul], empty, ['aigul']));
  const second = stored(sign([{ ...aigul, groups: ['region-11'] }], first, []), first);
  t.equal(second.current?.version, 2);
  t.throws(() => readTrusted(crypto, organisation.publicKey, answerOf(first), 2), { code: 'directory_stale' }, 'version 1 replayed after version 2 was seen');
  t.throws(() => readTrusted(crypto, organisation.publicKey, { directory: null, certificates: [] }, 2), { code: 'directory_stale' }, 'a hidden directory after one was seen');
  t.equal(readTrusted(crypto, organisation.publicKey, answerOf(second), 2).current?.version, 2, 'the version seen is accepted');

  const stored_: Record<string, string> = {};
  const memory: Memory = { getItem: (k) => stored_[k] ?? null, setItem: (k, v) => void (stored_[k] = v) };
  t.equal(seenDirectoryVersion(crypto, organisation.publicKey, memory), null, 'nothing seen yet');
  recordDirectoryVersion(crypto, organisation.publicKey, 3, memory);
  recordDirectoryVersion(crypto, organisation.publicKey, 2, memory);
  t.equal(seenDirectoryVersion(crypto, organisation.publicKey, memory), 3, 'the highest version is kept; an older answer never lowers it');
  t.equal(seenDirectoryVersion(crypto, crypto.generateSigningKeyPair().publicKey, memory), null, 'kept per organisation key');

  // No directory yet: the operator relabels group kinds (a region group as anti-corruption); the plan does not read them.
  const plan = planDirectory(crypto, [aigul], routing, empty, recovery.publicKey, today);
  t.same(plan.routing.exclusive, { inspector_corruption: 'anti-corruption' }, 'the exclusive rule is the catalogue’s');
});

t.test('a new key’s role and groups are listed for review; its joins alone do not publish', async (t) => {
  const aigul = account('aigul', 'inspector', ['region-75']);
  const first = stored(sign([aigul], empty, ['aigul']));
  // The operator adds an account with groups of its choosing: they appear beside its code.
  const eve = account('eve', 'inspector', ['region-75', 'region-11']);
  const plan = planDirectory(crypto, [aigul, eve], routing, first, recovery.publicKey, today);
  t.same(plan.changes, [
    { kind: 'joins', accountId: 'eve', groupId: 'region-11', withCode: true },
    { kind: 'joins', accountId: 'eve', groupId: 'region-75', withCode: true },
  ], 'Eve’s groups are listed for review');
  t.notOk(changesNeedSigning(plan.changes), 'and nothing is published for them until her code is typed');
});

t.test('a disabled account switched back on, or an older certificate replayed, needs its code again', async (t) => {
  const aigul = account('aigul', 'inspector', ['region-75']);
  const dana = account('dana', 'inspector', ['region-75']);
  const first = stored(sign([aigul, dana], empty, ['aigul', 'dana']));
  const disabled = directoryWithout(crypto, first, 'aigul', organisation.privateKey, today);
  const afterDisabling = readTrusted(crypto, organisation.publicKey, { directory: b64(disabled!.directory), certificates: answerOf(first).certificates });
  // The operator sets her status back to 'active' in the database.
  const plan = planDirectory(crypto, [aigul, dana], routing, afterDisabling, recovery.publicKey, today);
  t.equal(plan.standings.get('aigul')?.kind, 'needs_code', 'switched back on: her key waits for its code');
  t.equal(plan.standings.get('dana')?.kind, 'certified', 'Dana, listed, stays certified');

  // An older certificate of Dana's, for another group, validly signed, is served beside the listed one.
  const older = crypto.issueCertificate({ accountId: 'dana', boxKey: dana.keys.publicKey, signKey: crypto.staffSigningKeyPair(dana.keys.privateKey).publicKey, role: 'inspector', groups: ['region-11'], issuedDay: '2026-11-01' }, organisation.privateKey);
  const genuine = answerOf(first);
  for (const certificates of [[...genuine.certificates, { accountId: 'dana', certificate: b64(older) }], [{ accountId: 'dana', certificate: b64(older) }, ...genuine.certificates]]) {
    const replayed = readTrusted(crypto, organisation.publicKey, { ...genuine, certificates });
    t.equal(replayed.certificates.get('dana')?.digest, first.certificates.get('dana')?.digest, 'the listed certificate stands, whatever the order');
  }

  // The colleague picker: the replayed certificate (not listed) is not offered; the listed one is.
  const colleague = (certificate: Uint8Array): Colleague => ({ id: 'dana', username: 'dana', displayName: 'Dana', publicKey: dana.publicKey, certificate: b64(certificate) });
  t.same(certifiedColleagues(crypto, organisation.publicKey, [colleague(older)], first.listed), [], 'a certificate the directory does not list is not offered');
  t.equal(certifiedColleagues(crypto, organisation.publicKey, [colleague(first.certificates.get('dana')!.bytes)], first.listed).length, 1, 'the listed one is');
  t.same(certifiedColleagues(crypto, organisation.publicKey, [colleague(first.certificates.get('aigul')!.bytes)].map((c) => ({ ...c, id: 'aigul', publicKey: aigul.publicKey })), afterDisabling.listed), [], 'nor a disabled colleague');
});

t.test('the legacy prompt: typed from the poster, and remembered per username', async (t) => {
  const fingerprint = crypto.keyFingerprint(organisation.publicKey);
  const tail = fingerprint.replace(/\s/g, '').slice(-8);
  t.ok(fingerprintTailMatches(fingerprint, tail.toUpperCase().replace(/(.{4})/, '$1 ')), 'the last 8 digits, spaces and case aside');
  t.notOk(fingerprintTailMatches(fingerprint, ''), 'a click alone is not enough');
  const operatorTail = crypto.keyFingerprint(crypto.generateSigningKeyPair().publicKey).replace(/\s/g, '').slice(-8);
  t.notOk(fingerprintTailMatches(fingerprint, operatorTail), 'the operator’s key’s digits are refused');
  const stored_: Record<string, string> = {};
  const memory: Memory = { getItem: (k) => stored_[k] ?? null, setItem: (k, v) => void (stored_[k] = v) };
  t.equal(rememberedAnchor('aigul', memory), null, 'no anchor yet: the first prompt may be shown');
  rememberAnchor(crypto, 'aigul', organisation.publicKey, memory);
  t.equal(rememberedAnchor('aigul', memory), fingerprint.replace(/\s/g, ''), 'after it, the anchor is remembered (app.ts then stops a second prompt)');
});

t.test('the invitation link is built here from the token, whatever URL the server answers', async (t) => {
  const token = b64(crypto.randomBytes(32));
  const key = b64(organisation.publicKey);
  t.equal(invitationLink('https://console.example.kz', `https://phish.example/#invite=${token}`, key), `https://console.example.kz/#invite=${token}&org=${key}`, 'the operator’s address is dropped');
  t.equal(invitationLink('https://console.example.kz', `https://phish.example/#invite=${token}&org=${b64(crypto.generateSigningKeyPair().publicKey)}`, key), null, 'an answer with more after the token is refused');
  t.equal(invitationLink('https://console.example.kz', 'https://phish.example/#invite=short', key), null, 'and one without a 43-character token');
});

t.test('a checked note carries the name of the account that signed it, not the server’s name for the note', async (t) => {
  const note: OpenedNote = { id: 'n', authorId: 'aigul', authorName: 'Someone Else', createdAt: '', text: 'x', signedBy: 'aigul', verify: () => true };
  const names = new Map([['aigul', 'Aigul Seitova']]);
  t.equal(noteAuthorLabel(note, true, names, 'aigul'), 'Aigul Seitova', 'the server renamed the note’s author: the account’s own name is shown');
  t.equal(noteAuthorLabel(note, true, new Map(), 'former colleague'), 'former colleague', 'no name listed: the fallback, never the id');
  t.equal(noteAuthorLabel({ ...note, signedBy: null }, false, names, 'aigul'), 'Someone Else', 'an unsigned note keeps the server’s word (with its warning)');
});

t.test('case details are "checked" only once the report opened; a version 1 report after version 2 shipped is warned about', async (t) => {
  const reportKey = crypto.generateBoxKeyPair();
  const reportId = b64(crypto.randomBytes(16));
  const metadata = { region: '75', industry: 'construction', category: 'near_miss', groupId: 'region-75' };
  const v2 = b64(crypto.encryptField({ reportId, field: 'content', plaintext: new TextEncoder().encode('{}'), reportPublicKey: reportKey.publicKey, metadata }));
  const v1 = b64(crypto.encryptField({ reportId, field: 'content', plaintext: new TextEncoder().encode('{}'), reportPublicKey: reportKey.publicKey }));
  const detail: Pick<CaseDetail, 'content' | 'receivedDay' | 'region' | 'industry' | 'category' | 'groupId'> = { ...metadata, content: v2, receivedDay: '2026-12-03' };
  t.same(checkMetadata(crypto, detail, false), { kind: 'unchecked', differences: [] }, 'not opened here: not checked, whatever the header says');
  t.same(checkMetadata(crypto, detail, true), { kind: 'bound', differences: [] }, 'opened: bound');
  t.same(checkMetadata(crypto, { ...detail, content: v1 }, true), { kind: 'unbound', late: true }, 'a version 1 report received after version 2 shipped: warned about');
  t.same(checkMetadata(crypto, { ...detail, content: v1, receivedDay: '2026-12-01' }, true), { kind: 'unbound', late: false }, 'one from before: the mild note');
});
