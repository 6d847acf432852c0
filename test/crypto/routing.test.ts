// routeReport and routedGroup (crypto/directory.ts): which group and exactly which certified keys a
// report is encrypted to. Runs WITHOUT libsodium loaded: the server and the pages call these on
// certificates already verified, and any libsodium call here would throw crypto.not_ready.
import t from 'tap';
import { routedGroup, routeReport, toHex, type CertificateRole, type DirectoryClaim, type VerifiedCertificate } from '../../crypto/index.ts';

let serial = 0;
/** A certificate as readCertificate returns it; the digest only has to be unique here. */
function certificate(accountId: string, role: CertificateRole, groups: string[]): VerifiedCertificate {
  serial += 1;
  return {
    accountId,
    boxKey: new Uint8Array(32).fill(serial),
    signKey: role === 'recovery' ? null : new Uint8Array(32).fill(100 + serial),
    role,
    groups,
    issuedDay: '2026-12-02',
    digest: `digest${String(serial).padStart(16, '0')}`,
    bytes: new Uint8Array(0),
  };
}

const inspector75 = certificate('inspector-75', 'inspector', ['region-75']);
const admin75 = certificate('admin-75', 'admin', ['national', 'region-75']);
const analyst75 = certificate('analyst-75', 'analyst', ['region-75']);
const inspectorNational = certificate('inspector-kz', 'inspector', ['national']);
const antiCorruption = certificate('anti-corruption', 'inspector', ['anti-corruption']);
const recovery = certificate('recovery', 'recovery', ['national', 'region-10', 'region-75', 'anti-corruption']);
const all = [inspector75, admin75, analyst75, inspectorNational, antiCorruption, recovery];

function directoryWith(members: Record<string, VerifiedCertificate[]>, recoveryDigest: string | null = recovery.digest): DirectoryClaim {
  return {
    version: 1,
    issuedDay: '2026-12-02',
    routing: {
      regions: { '75': 'region-75', '10': 'region-10' },
      fallback: 'national',
      exclusive: { inspector_corruption: 'anti-corruption' },
    },
    members: Object.fromEntries(Object.entries(members).map(([group, certificates]) => [group, certificates.map((c) => c.digest).sort()])),
    recovery: recoveryDigest,
  };
}

const staffed = directoryWith({
  'region-75': [inspector75, admin75, analyst75],
  'region-10': [],
  national: [inspectorNational, admin75],
  'anti-corruption': [antiCorruption],
});
const ids = (route: ReturnType<typeof routeReport>) => (route.ok ? { groupId: route.groupId, recipients: route.recipients.map((c) => c.accountId).sort() } : route);

t.test('libsodium is not loaded in this file', async (t) => {
  t.throws(() => toHex(new Uint8Array(1)), { code: 'crypto.not_ready' });
});

t.test('a region with members gets the report: inspectors and admins, never analysts, plus recovery', async (t) => {
  t.same(ids(routeReport(staffed, all, { region: '75', category: 'near_miss' })), { groupId: 'region-75', recipients: ['admin-75', 'inspector-75', 'recovery'] });
  t.equal(routedGroup(staffed, { region: '75', category: 'near_miss' }), 'region-75');
});

t.test('recipients come in member-list order with recovery last, so page and server agree', async (t) => {
  const route = routeReport(staffed, [...all].reverse(), { region: '75', category: 'near_miss' });
  const again = routeReport(staffed, all, { region: '75', category: 'near_miss' });
  t.ok(route.ok && again.ok);
  if (route.ok && again.ok) {
    t.same(route.recipients.map((c) => c.digest), again.recipients.map((c) => c.digest));
    t.equal(route.recipients.at(-1), recovery);
  }
});

t.test('fallback to the national group only when the region has no member', async (t) => {
  t.same(ids(routeReport(staffed, all, { region: '10', category: 'near_miss' })), { groupId: 'national', recipients: ['admin-75', 'inspector-kz', 'recovery'] }, 'empty member list');
  const unlisted = directoryWith({ 'region-75': [inspector75], national: [inspectorNational] });
  t.equal(routedGroup(unlisted, { region: '10', category: 'near_miss' }), 'national', 'no member list at all');
  t.equal(routedGroup(unlisted, { region: '99', category: 'near_miss' }), 'national', 'a region the table does not name');
  t.equal(routedGroup(unlisted, { region: '75', category: 'near_miss' }), 'region-75', 'a staffed region keeps its reports');
});

t.test('no fallback when the chosen group\'s certificates were withheld: the server cannot steer', async (t) => {
  const withheld = all.filter((c) => c !== inspector75 && c !== admin75);
  t.same(routeReport(staffed, withheld, { region: '75', category: 'near_miss' }), { ok: false, reason: 'no_recipients' });
  t.equal(routedGroup(staffed, { region: '75', category: 'near_miss' }), 'region-75', 'the directory still names the region');
  t.same(routeReport(staffed, [analyst75, recovery], { region: '75', category: 'near_miss' }), { ok: false, reason: 'no_recipients' }, 'only an analyst and recovery left');
  t.same(routeReport(staffed, [], { region: '75', category: 'near_miss' }), { ok: false, reason: 'no_recipients' });
});

t.test('nobody to receive anywhere: no group', async (t) => {
  const empty = directoryWith({ 'region-75': [], national: [] });
  t.same(routeReport(empty, all, { region: '75', category: 'near_miss' }), { ok: false, reason: 'no_recipients' });
  t.equal(routedGroup(empty, { region: '75', category: 'near_miss' }), null);
});

t.test('anti-corruption rule: only a sole-group inspector of the exclusive group, never recovery', async (t) => {
  const report = { region: '75', category: 'inspector_corruption' };
  t.same(ids(routeReport(staffed, all, report)), { groupId: 'anti-corruption', recipients: ['anti-corruption'] }, 'recovery names the group but is left out');

  const adminThere = certificate('admin-ac', 'admin', ['anti-corruption']);
  const alsoRegion = certificate('inspector-ac-75', 'inspector', ['anti-corruption', 'region-75']);
  const analystThere = certificate('analyst-ac', 'analyst', ['anti-corruption']);
  const notListed = certificate('inspector-unlisted', 'inspector', ['anti-corruption']);
  const otherGroup = certificate('inspector-other', 'inspector', ['national']);
  const listed = [adminThere, alsoRegion, analystThere, otherGroup];
  const directory = directoryWith({ 'anti-corruption': [antiCorruption, ...listed], national: [inspectorNational] });
  const everyone = [antiCorruption, ...listed, notListed, recovery];
  t.same(ids(routeReport(directory, everyone, report)), { groupId: 'anti-corruption', recipients: ['anti-corruption'] });
  for (const alone of [adminThere, alsoRegion, analystThere, notListed, otherGroup, recovery]) {
    t.same(routeReport(directory, [alone, recovery], report), { ok: false, reason: 'no_recipients' }, `${alone.accountId} gets no corruption report`);
  }
  t.same(routeReport(directory, everyone.filter((c) => c !== antiCorruption), report), { ok: false, reason: 'no_recipients' }, 'and nothing falls back to the region or nation');
});

t.test('an exclusive category never falls back, even with nobody in its group', async (t) => {
  const directory = directoryWith({ 'region-75': [inspector75], national: [inspectorNational], 'anti-corruption': [] });
  t.same(routeReport(directory, all, { region: '75', category: 'inspector_corruption' }), { ok: false, reason: 'no_recipients' });
  t.equal(routedGroup(directory, { region: '75', category: 'inspector_corruption' }), null);
});

t.test('a certificate must be listed for the group and name it', async (t) => {
  const named = certificate('inspector-named', 'inspector', ['region-75']);
  const unnamed = certificate('inspector-unnamed', 'inspector', ['national']);
  const directory = directoryWith({ 'region-75': [unnamed], national: [inspectorNational] });
  t.same(routeReport(directory, [named, unnamed], { region: '75', category: 'near_miss' }), { ok: false, reason: 'no_recipients' }, 'listed but names another group; named but not listed');
});

t.test('recovery: only the directory\'s recovery certificate, with role recovery, naming the group', async (t) => {
  const report = { region: '75', category: 'near_miss' };
  const narrowRecovery = certificate('recovery', 'recovery', ['national']);
  t.same(ids(routeReport(directoryWith({ 'region-75': [inspector75] }, narrowRecovery.digest), [inspector75, narrowRecovery], report)), { groupId: 'region-75', recipients: ['inspector-75'] }, 'not naming the group');
  t.same(ids(routeReport(directoryWith({ 'region-75': [inspector75] }, null), [inspector75, recovery], report)), { groupId: 'region-75', recipients: ['inspector-75'] }, 'no recovery in the directory');
  t.same(ids(routeReport(directoryWith({ 'region-75': [inspector75] }, admin75.digest), [inspector75, admin75], report)), { groupId: 'region-75', recipients: ['inspector-75'] }, 'a staff certificate named as recovery');
  t.same(ids(routeReport(directoryWith({ 'region-75': [inspector75] }), [inspector75, recovery, recovery], report)), { groupId: 'region-75', recipients: ['inspector-75', 'recovery'] }, 'a certificate sent twice counts once');
});

t.test('category and region names cannot reach Object.prototype', async (t) => {
  for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    t.equal(routedGroup(staffed, { region: name, category: name }), 'national', name);
  }
});

t.test('canonical.ts, which the pure checks use, imports nothing but itself', async (t) => {
  const { readFileSync } = await import('node:fs');
  const source = readFileSync(new URL('../../crypto/canonical.ts', import.meta.url), 'utf8');
  t.notMatch(source, /^import /m);
});
