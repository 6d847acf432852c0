// Who can receive, as the administrator's console computes it from the signed directory alone
// (web/console/directory.ts directoryCoverage, the same routedGroup the reporter page runs), and the
// alternative channel: typed in three languages, signed into a version 2 directory that changes
// nothing else, and kept by every later signing. Pure functions with real keys.
import t from 'tap';
import type { Account } from '../../contract/console-api.ts';
import * as crypto from '../../crypto/index.ts';
import {
  defaultRouting,
  directoryCoverage,
  directoryWithChannel,
  directoryWithout,
  planDirectory,
  readChannelDraft,
  readTrusted,
  sameChannel,
  signNextDirectory,
  type SignedDirectory,
  type Trusted,
} from '../../web/console/directory.ts';

await crypto.loadSodium('sumo');
const b64 = crypto.toBase64Url;
const organisation = crypto.generateSigningKeyPair();
const recovery = crypto.generateBoxKeyPair();
const today = '2026-12-02';
const regionIds = ['75', '11', '35'];
const categoryIds = ['inspector_corruption', 'concealed_injury', 'near_miss'];
const routing = defaultRouting(regionIds);
const empty: Trusted = { current: null, certificates: new Map(), byDigest: new Map(), listed: new Set() };
const channel = { kk: 'Сенім телефоны: 1414', ru: 'Телефон доверия: 1414\nПн–пт, 9:00–18:00', en: 'Hotline: 1414' };

function account(id: string, role: Account['role'], groups: string[]): Account {
  const keys = crypto.generateBoxKeyPair();
  return {
    id,
    username: id,
    displayName: id,
    role,
    status: 'active',
    groups,
    keyState: 'awaiting_signature',
    totpEnabled: false,
    publicKey: b64(keys.publicKey),
    signingKey: b64(crypto.staffSigningKeyPair(keys.privateKey).publicKey),
    certificate: null,
  };
}

/** What the console reads back after publishing `signed` (certificates of `before` kept). */
function stored(signed: SignedDirectory, before: Trusted = empty): Trusted {
  const certificates = new Map([...before.certificates.values()].map((c) => [c.accountId, b64(c.bytes)]));
  for (const c of signed.certificates) certificates.set(c.accountId, b64(c.certificate));
  return readTrusted(crypto, organisation.publicKey, { directory: b64(signed.directory), certificates: [...certificates].map(([accountId, certificate]) => ({ accountId, certificate })) });
}

/** Every account's key confirmed and signed into the next version. */
function signAll(accounts: Account[], trusted: Trusted): Trusted {
  const plan = planDirectory(crypto, accounts, routing, trusted, recovery.publicKey, today);
  const confirmed = new Set(accounts.map((a) => a.id));
  return stored(signNextDirectory(crypto, { plan, trusted, confirmed, recoveryPublicKey: recovery.publicKey, organisationPrivateKey: organisation.privateKey, today }), trusted);
}

const coverageOf = (trusted: Trusted) => directoryCoverage(crypto, trusted.current, routing, regionIds, categoryIds);
const uncoveredRegions = (trusted: Trusted) => coverageOf(trusted).regions.filter((r) => r.groupId === null).map((r) => r.region);

t.test('before any directory, and in the first one, nobody can receive from any region or in the anti-corruption category', async (t) => {
  t.same(uncoveredRegions(empty), regionIds, 'no directory: every region uncovered');
  t.same(coverageOf(empty).exclusive, [{ category: 'inspector_corruption', groupId: 'anti-corruption', covered: false }], 'the exclusive category, by the routing setup signs');
  const first = signAll([], empty);
  t.equal(first.current?.version, 1);
  t.same(uncoveredRegions(first), regionIds, 'a first directory with no member: every region uncovered');
});

t.test('a region group with an inspector covers that region only; the administrator never covers anti-corruption', async (t) => {
  const aigul = account('aigul', 'inspector', ['region-75']);
  const admin = account('admin', 'admin', ['anti-corruption']);
  const trusted = signAll([aigul, admin], empty);
  const coverage = coverageOf(trusted);
  t.same(coverage.regions, [
    { region: '75', groupId: 'region-75', viaFallback: false },
    { region: '11', groupId: null, viaFallback: false },
    { region: '35', groupId: null, viaFallback: false },
  ], 'region 75 goes to its group; the others have nobody');
  t.same(coverage.exclusive.map((e) => e.covered), [false], 'an administrator in the anti-corruption group receives nothing: still uncovered');

  const dana = account('dana', 'inspector', ['anti-corruption']);
  t.same(coverageOf(signAll([aigul, admin, dana], trusted)).exclusive.map((e) => e.covered), [true], 'an inspector in that group alone covers it');
});

t.test('a member of the national group covers every region through the fallback, and says so', async (t) => {
  const aigul = account('aigul', 'inspector', ['region-75']);
  const nurlan = account('nurlan', 'inspector', ['national']);
  const coverage = coverageOf(signAll([aigul, nurlan], empty));
  t.same(coverage.regions, [
    { region: '75', groupId: 'region-75', viaFallback: false },
    { region: '11', groupId: 'national', viaFallback: true },
    { region: '35', groupId: 'national', viaFallback: true },
  ]);
  t.equal(coverage.fallback, 'national');
  t.same(coverage.exclusive.map((e) => e.covered), [false], 'the fallback never takes the exclusive category');
});

t.test('the channel is signed into a version 2 directory that changes nothing else, and later signings keep it', async (t) => {
  const aigul = account('aigul', 'inspector', ['region-75']);
  const first = signAll([aigul], empty);
  const signed = directoryWithChannel(crypto, first, channel, organisation.privateKey, today);
  t.equal(signed?.directory[0], 0x02, 'a directory with a channel is format version 2');
  const withChannel = stored(signed!, first);
  t.same(withChannel.current, { ...first.current, version: first.current!.version + 1, channel }, 'one version on; members, routing and recovery as they were');

  const bolat = account('bolat', 'inspector', ['region-11']);
  const later = signAll([aigul, bolat], withChannel);
  t.same(later.current?.channel, channel, 'signing members keeps the channel');
  t.same(uncoveredRegions(later), ['35'], 'and the new member counts');
  const without = directoryWithout(crypto, later, 'bolat', organisation.privateKey, today);
  t.same(crypto.readDirectory(without!.directory, organisation.publicKey)?.channel, channel, 'disabling someone keeps the channel');

  const removed = directoryWithChannel(crypto, later, null, organisation.privateKey, today);
  t.equal(removed?.directory[0], 0x01, 'removing the channel signs format version 1 again');
  t.same(stored(removed!, later).current?.channel, undefined, 'and the directory has no channel');
  t.equal(directoryWithChannel(crypto, empty, channel, organisation.privateKey, today), null, 'no directory yet: nothing to sign the channel into');
});

t.test('what the administrator types: all three languages or none, within the limit, without control characters', async (t) => {
  const max = crypto.channelMaxChars;
  t.equal(max, 600);
  t.same(readChannelDraft({ kk: '', ru: '  ', en: '\n' }, max), { ok: true, channel: null }, 'all empty: no channel');
  t.same(readChannelDraft({ kk: '', ru: 'Телефон', en: '' }, max), { ok: false, problems: { kk: 'missing', en: 'missing' } }, 'one language only: the others are asked for');
  t.same(readChannelDraft({ kk: 'a'.repeat(max), ru: 'б'.repeat(max + 1), en: 'tab\there' }, max), { ok: false, problems: { ru: 'long', en: 'control' } }, 'too long, a tab');
  const reading = readChannelDraft({ kk: ' Телефон\r\n1414 ', ru: 'Телефон\n1414', en: 'Phone\n1414' }, max);
  t.same(reading, { ok: true, channel: { kk: 'Телефон\n1414', ru: 'Телефон\n1414', en: 'Phone\n1414' } }, 'line breaks kept as \\n, white space around trimmed');
  const claim = { version: 1, issuedDay: today, routing, members: {}, recovery: null, channel: reading.ok ? reading.channel : null };
  t.same(crypto.readDirectory(crypto.signDirectory(claim, organisation.privateKey), organisation.publicKey)?.channel, claim.channel, 'what the draft gives signs and reads back unchanged');
  t.ok(sameChannel(channel, { ...channel }), 'same texts: the same channel');
  t.notOk(sameChannel(channel, { ...channel, en: 'Other' }), 'one text differs');
  t.notOk(sameChannel(channel, null), 'a channel against none');
  t.ok(sameChannel(null, null));
});
