// The reporter page against a server whose operator is the adversary, in real Chromium and the real
// server process: another organisation's key and directory swapped into the answers, a key added
// to a group by a database row, a disabled account's key still served, an edited routing row, a
// directory older than the poster's. The page is opened as a worker opens it: through the poster's
// link (#org=<fingerprint>&v=<directory version>) or by its address alone. What counts is what
// leaves the browser: which keys the posted report is wrapped for.
import t, { type Test } from 'tap';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  certificateDigest,
  generateBoxKeyPair,
  generateSigningKeyPair,
  issueCertificate,
  keyFingerprint,
  loadSodium,
  signDirectory,
  staffSigningKeyPair,
  toBase64Url,
  type CertificateClaim,
  type DirectoryClaim,
  type KeyPair,
} from '../../crypto/index.ts';
import { openDatabase } from '../../db/database.ts';
import { publishDirectory } from '../../db/repositories/directory.ts';
import { createOrganisation } from '../../db/repositories/organisation.ts';
import { defaultRoutingTable } from '../../server/admin/directory.ts';
import { defaultGroupRows } from '../../server/domain/groups.ts';
import * as crypto from '../../crypto/index.ts';
import type { DirectoryAnswer } from '../../web/reporter/api.ts';
import { checkDirectoryAnswer, readAnchor, Untrusted } from '../../web/reporter/trust.ts';
import { launchChromium, seriousAccessibilityViolations } from '../helpers/browser.ts';
import { startServer, type ServerProcess } from '../helpers/server-process.ts';

const issuedDay = '2026-11-01';
// Eight browser sessions against a real server: more than tap's 120 s default on a busy machine.
t.setTimeout(300_000);
const corruption = 'inspector_corruption';
const ordinary = 'missing_ppe';

/** A certified key: what the organisation signed for an account (or the recovery key). */
type Holder = { id: string; boxKey: Uint8Array; certificate: Uint8Array; digest: string };

function certify(organisation: KeyPair, claim: Omit<CertificateClaim, 'issuedDay'>): Holder {
  const certificate = issueCertificate({ ...claim, issuedDay }, organisation.privateKey);
  return { id: claim.accountId, boxKey: claim.boxKey, certificate, digest: certificateDigest(certificate) };
}

function inspector(organisation: KeyPair, id: string, groups: string[]): Holder {
  const keys = generateBoxKeyPair();
  return certify(organisation, { accountId: id, boxKey: keys.publicKey, signKey: staffSigningKeyPair(keys.privateKey).publicKey, role: 'inspector', groups });
}

let organisationKeys: KeyPair;
let people: { regional: Holder; anticorruption: Holder; leaver: Holder; elsewhere: Holder; recovery: Holder };
let directories: { v1: DirectoryClaim; v2: DirectoryClaim; v1Bytes: Uint8Array; v2Bytes: Uint8Array };
let server: ServerProcess;
let browser: Browser;
let databasePath: string;

/**
 * An organisation that signed two directory versions: version 1 listed `leaver` for region 75;
 * version 2 (current) was signed when the leaver's account was disabled. The anti-corruption
 * inspector's certificate names that group alone; the recovery key receives for every region
 * group and the fallback, never for anti-corruption.
 */
function seed(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  databasePath = join(dataDir, 'qauipsiz.db');
  const database = openDatabase(databasePath);
  organisationKeys = generateSigningKeyPair();
  const org = organisationKeys;
  createOrganisation(database.db, { name: 'Seeded', signingPublicKey: Buffer.from(org.publicKey), wrappedSigningKey: Buffer.from('unused'), createdDay: issuedDay }, defaultGroupRows(issuedDay));
  people = {
    regional: inspector(org, 'regional75', ['region-75']),
    anticorruption: inspector(org, 'anticorruption', ['anti-corruption']),
    leaver: inspector(org, 'leaver75', ['region-75']),
    elsewhere: inspector(org, 'region10', ['region-10']),
    recovery: certify(org, { accountId: 'recovery', boxKey: generateBoxKeyPair().publicKey, signKey: null, role: 'recovery', groups: ['national', 'region-10', 'region-75'] }),
  };
  const { regional, anticorruption, leaver, elsewhere, recovery } = people;
  const v1: DirectoryClaim = {
    version: 1,
    issuedDay,
    routing: defaultRoutingTable(),
    members: { 'region-75': [regional.digest, leaver.digest].sort(), 'region-10': [elsewhere.digest], 'anti-corruption': [anticorruption.digest] },
    recovery: recovery.digest,
  };
  const v2: DirectoryClaim = { ...v1, version: 2, members: { ...v1.members, 'region-75': [regional.digest] } };
  directories = { v1, v2, v1Bytes: signDirectory(v1, org.privateKey), v2Bytes: signDirectory(v2, org.privateKey) };
  const stored = (h: Holder) => ({ accountId: h.id, certificate: Buffer.from(h.certificate), digest: h.digest, boxKey: Buffer.from(h.boxKey), displayName: h.id });
  const at = new Date('2026-11-01T04:00:00Z');
  publishDirectory(database.db, { version: 1, directory: Buffer.from(directories.v1Bytes), certificates: Object.values(people).map(stored), publishedBy: null, at });
  publishDirectory(database.db, { version: 2, directory: Buffer.from(directories.v2Bytes), certificates: [], publishedBy: null, at });
  database.close();
  // The leaver's account is disabled; the certificate stays stored (old notes still verify with it).
  sql("update recipients set disabled_day = '2026-11-20' where id = 'leaver75'");
}

function sql(statement: string): void {
  const db = new Database(databasePath);
  try {
    db.exec(statement);
  } finally {
    db.close();
  }
}

const posterFingerprint = (key: Uint8Array) => keyFingerprint(key).replaceAll(' ', '');
/** The link printed on the organisation's poster (and in its QR code). */
const posterLink = (version: number) => `#org=${posterFingerprint(organisationKeys.publicKey)}&v=${version}`;

t.before(async () => {
  await loadSodium();
  const dataDir = join(mkdtempSync(join(tmpdir(), 'qauipsiz-trust-')), 'data');
  seed(dataDir);
  server = await startServer(dataDir);
  browser = await launchChromium();
});
t.teardown(async () => {
  await browser?.close();
  await server?.stop();
});

type Opened = { page: Page; context: BrowserContext; posted: ReportPost[]; apiCalls: string[] };
type ReportPost = { reportId: string; groupId: string; recipientWraps: { recipientId: string }[] };

/** Opens the page at `fragment`, with the operator's answers (`swap`) in place before the first request. */
async function open(fragment: string, swap: (page: Page) => Promise<void> = async () => undefined): Promise<Opened> {
  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  const opened: Opened = { page, context, posted: [], apiCalls: [] };
  page.on('request', (request: Request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) opened.apiCalls.push(`${request.method()} ${url.pathname}`);
    if (request.method() === 'POST' && url.pathname === '/api/v1/reports') opened.posted.push(request.postDataJSON() as ReportPost);
  });
  // Records whether the report form was ever in the page, however briefly.
  await page.addInitScript(() => {
    new MutationObserver(() => {
      if (document.getElementById('report-form') !== null) (window as unknown as { formSeen: boolean }).formSeen = true;
    }).observe(document, { childList: true, subtree: true });
  });
  await swap(page);
  await page.goto(`${server.publicUrl}/${fragment}`);
  await page.waitForSelector('#home-report');
  return opened;
}

async function fill(page: Page, category: string, what: string): Promise<void> {
  await page.click('#home-report');
  await page.waitForSelector('#report-form');
  await page.selectOption('#region', '75');
  await page.selectOption('#category', category);
  // The rest of the form opens once the checked directory says someone can receive.
  await page.selectOption('#industry', 'F');
  await page.fill('#what', what);
}

async function sendAndWaitForCode(page: Page): Promise<void> {
  await page.click('#send');
  await page.waitForSelector('.code', { timeout: 60_000 });
}

/** Who the server stored key wraps for, for one report. */
function storedWraps(reportId: string): string[] {
  const db = new Database(databasePath, { readonly: true });
  try {
    return (db.prepare('select recipient_id from report_key_wraps where report_id = ? order by recipient_id').all(reportId) as { recipient_id: string }[]).map((r) => r.recipient_id);
  } finally {
    db.close();
  }
}

const wrapIds = (post: ReportPost | undefined) => (post?.recipientWraps.map((w) => w.recipientId) ?? []).sort();

/** Replaces the answer of one public route with what the operator wants the page to see (after `delayMs`). */
async function answerWith(page: Page, path: string, change: (real: Record<string, unknown>, request: { url: URL; body: Record<string, unknown> | null }) => unknown, delayMs = 0): Promise<void> {
  await page.route(`**${path}*`, async (route) => {
    const response = await route.fetch();
    const real = (await response.json()) as Record<string, unknown>;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    await route.fulfill({ response, json: change(real, { url: new URL(route.request().url()), body: route.request().postDataJSON() as Record<string, unknown> | null }) });
  });
}

/** The directory answer comes late, so the reporter reaches for the form before the page knows whose key it is. */
const slowly = 1500;

/** Opens the form at once and sees the page wait for the check, then refuse. */
async function reachForTheForm(t: Test, page: Page): Promise<void> {
  await page.click('#home-report');
  t.match(await page.textContent('#organisation-key'), /Checking that this page comes from your organisation/, 'the form waits for the check');
  await page.waitForSelector('#refused');
}

/** An organisation of the operator's own: its key, a directory it signed, a certificate of its own key for region 75. */
function impostor() {
  const keys = generateSigningKeyPair();
  const reader = inspector(keys, 'regional75', ['region-75']);
  const directory = signDirectory({ ...directories.v2, version: 9, members: { 'region-75': [reader.digest] }, recovery: null }, keys.privateKey);
  return { keys, reader, directory };
}

async function swapOrganisation(page: Page, fake: ReturnType<typeof impostor>, delayMs = 0): Promise<void> {
  await answerWith(page, '/api/v1/directory', () => ({ organisationKey: toBase64Url(fake.keys.publicKey), directory: toBase64Url(fake.directory) }), delayMs);
  await answerWith(page, '/api/v1/certificates', () => ({ certificates: [toBase64Url(fake.reader.certificate)] }));
}

t.test('through the poster link, a page whose server answers with another organisation key refuses and never offers the form', async (t) => {
  const fake = impostor();
  const { page, context, posted, apiCalls } = await open(posterLink(2), (p) => swapOrganisation(p, fake, slowly));
  t.teardown(() => context.close());
  await reachForTheForm(t, page);
  t.match(await page.textContent('h1'), /Do not write here/);
  t.match(await page.textContent('#refused'), /not from the organisation on your poster/);
  t.equal(await page.$('#report-form'), null, 'no form');
  t.equal(await page.$('#home-report'), null, 'nothing to start a report with');
  t.equal(await page.evaluate(() => (window as unknown as { formSeen?: boolean }).formSeen ?? false), false, 'the form was never in the page');
  t.notOk(apiCalls.some((call) => call.startsWith('POST') || call.includes('/certificates')), 'no certificate fetched, nothing posted');
  t.same(posted, []);
  t.same(await seriousAccessibilityViolations(page), [], 'the refusal passes axe-core');
});

t.test('without the poster link, the served key’s fingerprint is on the first screen before anything is typed', async (t) => {
  const fake = impostor();
  const { page, context } = await open('', (p) => swapOrganisation(p, fake));
  t.teardown(() => context.close());
  await page.waitForSelector('#organisation-fingerprint');
  const shown = await page.textContent('#organisation-fingerprint');
  t.equal(shown, keyFingerprint(fake.keys.publicKey), 'the operator’s key fingerprint, on the home screen');
  t.not(shown, keyFingerprint(organisationKeys.publicKey), 'which differs from the one on the poster');
  t.match(await page.textContent('#organisation-key'), /compare this code with the one on the poster at your workplace or on the organisation’s website/);
  t.equal(await page.$('#report-form'), null, 'shown on the first screen, before the form');
  t.same(await seriousAccessibilityViolations(page), [], 'the first screen with the key to compare passes axe-core');
  await page.click('#home-report');
  const order = await page.evaluate(() => {
    const key = document.getElementById('organisation-key');
    const region = document.getElementById('region');
    return key !== null && region !== null && (key.compareDocumentPosition(region) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
  });
  t.ok(order, 'on the form too, above the first field');
  t.equal(await page.textContent('#organisation-fingerprint'), keyFingerprint(fake.keys.publicKey));
});

t.test('without the poster link, region and category can be chosen at once, the rest opens only with the fingerprint on screen', async (t) => {
  const { page, context, posted } = await open('', (p) => answerWith(p, '/api/v1/directory', (real) => real, 4000));
  t.teardown(() => context.close());
  await page.click('#home-report');
  await page.selectOption('#region', '75');
  await page.selectOption('#category', ordinary);
  t.match(await page.textContent('#organisation-key'), /Loading the organisation’s key/, 'the first choices are open while the key loads');
  t.match(await page.textContent('#receivers'), /Checking who can receive reports/);
  t.notOk(await page.isVisible('#what'), 'nothing can be written yet');
  await page.waitForSelector('#what', { state: 'visible' });
  t.equal(await page.textContent('#organisation-fingerprint'), keyFingerprint(organisationKeys.publicKey), 'the fingerprint is shown by the time the rest opens');
  await page.selectOption('#industry', 'F');
  await page.fill('#what', 'written after the key arrived');
  await sendAndWaitForCode(page);
  t.same(wrapIds(posted[0]), ['recovery', 'regional75'], 'sent to the signed recipients');
});

t.test('through the poster link, the real organisation’s page says so and encrypts to its signed recipients', async (t) => {
  const { page, context, posted } = await open(posterLink(2));
  t.teardown(() => context.close());
  await page.waitForSelector('.key-checked');
  t.match(await page.textContent('#organisation-key'), /Checked: this page uses your organisation’s key/);
  t.equal(await page.textContent('#organisation-fingerprint'), keyFingerprint(organisationKeys.publicKey));
  await fill(page, ordinary, 'scaffolding without rails');
  await sendAndWaitForCode(page);
  t.equal(posted.length, 1);
  t.same(wrapIds(posted[0]), ['recovery', 'regional75'], 'the region’s signed inspector and the recovery key');
  t.equal(posted[0]?.groupId, 'region-75');
  t.same(storedWraps(posted[0]?.reportId ?? ''), ['recovery', 'regional75'], 'and that is what the server stored');
});

t.test('a regional key added to the anti-corruption group by a database row gets no corruption report', async (t) => {
  // The operator's row, and a server that believes it: the regional inspector's (validly signed)
  // certificate is served for anti-corruption, beside the disabled leaver's for good measure.
  sql(`insert or ignore into group_members (group_id, recipient_id) values ('anti-corruption', 'regional75')`);
  t.teardown(() => sql(`delete from group_members where group_id = 'anti-corruption' and recipient_id = 'regional75'`));
  const { page, context, posted } = await open(posterLink(2), (p) =>
    answerWith(p, '/api/v1/certificates', (real, request) => {
      const certificates = real.certificates as string[];
      return { certificates: request.body?.group === 'anti-corruption' ? [...certificates, toBase64Url(people.regional.certificate), toBase64Url(people.leaver.certificate)] : certificates };
    }),
  );
  t.teardown(() => context.close());
  await fill(page, corruption, 'the inspector took money to close the case');
  await sendAndWaitForCode(page);
  t.same(wrapIds(posted[0]), ['anticorruption'], 'wrapped for the anti-corruption inspector alone: no regional key, no recovery key');
  t.equal(posted[0]?.groupId, 'anti-corruption');
  t.same(storedWraps(posted[0]?.reportId ?? ''), ['anticorruption']);
});

t.test('a disabled account’s key, still served by the server, gets no report', async (t) => {
  const { page, context, posted } = await open(posterLink(2), (p) =>
    answerWith(p, '/api/v1/certificates', (real) => ({ certificates: [...(real.certificates as string[]), toBase64Url(people.leaver.certificate)] })),
  );
  t.teardown(() => context.close());
  await fill(page, ordinary, 'no harnesses on the roof');
  await sendAndWaitForCode(page);
  t.same(wrapIds(posted[0]), ['recovery', 'regional75'], 'the leaver’s certificate is signed and names region 75, but directory version 2 does not list it');
  t.same(storedWraps(posted[0]?.reportId ?? ''), ['recovery', 'regional75']);
});

t.test('an edited routing row gets no report', async (t) => {
  // Region 75's row now points at region 10's group, whose inspector the operator controls.
  sql(`update recipient_groups set region_kato = null where id = 'region-10'; update recipient_groups set region_kato = null where id = 'region-75'; update recipient_groups set region_kato = '75' where id = 'region-10'`);
  t.teardown(() => sql(`update recipient_groups set region_kato = null where id = 'region-10'; update recipient_groups set region_kato = '75' where id = 'region-75'; update recipient_groups set region_kato = '10' where id = 'region-10'`));
  const elsewhere = toBase64Url(people.elsewhere.certificate);

  // A server that follows its edited row serves region 10's keys for a region 75 report: the
  // signed routing still says region-75, so nobody it serves is eligible and nothing is sent.
  const follows = await open(posterLink(2), (p) => answerWith(p, '/api/v1/certificates', () => ({ certificates: [elsewhere] })));
  t.teardown(() => follows.context.close());
  await fill(follows.page, ordinary, 'crane operator without a licence');
  await follows.page.click('#send');
  await follows.page.waitForFunction(() => /Nobody can receive/.test(document.getElementById('send-error')?.textContent ?? ''));
  t.same(follows.posted, [], 'nothing posted');

  // One that adds region 10's key to the real answer: the report goes to the signed recipients only.
  const adds = await open(posterLink(2), (p) => answerWith(p, '/api/v1/certificates', (real) => ({ certificates: [...(real.certificates as string[]), elsewhere] })));
  t.teardown(() => adds.context.close());
  await fill(adds.page, ordinary, 'crane operator without a licence');
  await sendAndWaitForCode(adds.page);
  t.same(wrapIds(adds.posted[0]), ['recovery', 'regional75'], 'region 10’s inspector gets no wrap');
  t.same(storedWraps(adds.posted[0]?.reportId ?? ''), ['recovery', 'regional75']);
});

t.test('a directory older than the poster link’s version is refused', async (t) => {
  // Version 1 still lists the leaver for region 75.
  const { page, context, posted, apiCalls } = await open(posterLink(2), (p) =>
    answerWith(p, '/api/v1/directory', (real) => ({ ...real, directory: toBase64Url(directories.v1Bytes) }), slowly),
  );
  t.teardown(() => context.close());
  await reachForTheForm(t, page);
  t.match(await page.textContent('#refused'), /out-of-date list of who may read reports/);
  t.equal(await page.evaluate(() => (window as unknown as { formSeen?: boolean }).formSeen ?? false), false, 'the form was never in the page');
  t.notOk(apiCalls.some((call) => call.includes('/certificates') || call.startsWith('POST')));
  t.same(posted, []);
});

t.test('a page built with the key (QAUIPSIZ_ORG_KEY, QAUIPSIZ_MIN_DIRECTORY_VERSION): the same checks, from the build', async (t) => {
  // The pinned build is not the one the server serves in these tests, so its anchor is checked
  // here with the page's own code, on the answers an operator could give.
  const fake = impostor();
  const pin = toBase64Url(organisationKeys.publicKey);
  const real: DirectoryAnswer = { organisationKey: pin, directory: toBase64Url(directories.v2Bytes) };
  const reasonOf = (anchor: ReturnType<typeof readAnchor>, answer: DirectoryAnswer) => {
    try {
      return checkDirectoryAnswer(crypto, anchor, answer, 0).directory?.version;
    } catch (error) {
      return error instanceof Untrusted ? error.reason : error;
    }
  };
  const pinned = readAnchor(pin, 2, '');
  t.equal(pinned.source, 'pin');
  t.equal(reasonOf(pinned, real), 2, 'the pinned key and a current directory');
  t.equal(reasonOf(pinned, { organisationKey: toBase64Url(fake.keys.publicKey), directory: toBase64Url(fake.directory) }), 'other_organisation', 'another key with its own directory');
  t.equal(reasonOf(pinned, { ...real, directory: toBase64Url(directories.v1Bytes) }), 'stale_directory', 'a directory below the pinned version');
  t.equal(reasonOf(pinned, { ...real, directory: null }), 'stale_directory', 'no directory at all, when a version is pinned');
  t.equal(reasonOf(pinned, { ...real, directory: toBase64Url(fake.directory) }), 'bad_directory', 'a directory signed by another key');
  t.equal(reasonOf(readAnchor(pin, 0, `#org=${posterFingerprint(fake.keys.publicKey)}`), real), 'other_organisation', 'a pinned page opened through a poster link for another organisation');
  t.equal(reasonOf(readAnchor(pin, 0, posterLink(3)), real), 'stale_directory', 'the poster link can raise the pinned minimum');
  t.equal(readAnchor('', 0, '#org=12ab&v=3').source, 'none', 'a malformed link anchors nothing (the fingerprint is shown instead)');
  t.equal(readAnchor('', 0, '#v=3').minVersion, 0, 'a version without the organisation is not a poster link');
});
