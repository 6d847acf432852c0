// The server's operator against the case screen, in real Chromium and the real server process:
// with database access alone they change where a version 2 report says it came from and what it is
// about (`UPDATE reports SET region, category`), and who wrote an internal note (`UPDATE case_notes
// SET author_id`). The console shows a warning naming what the reporter sent and what the server
// stores, and a warning on the note; an untouched case and note show none; a checked note keeps the
// name of the account that signed it whatever name the answer carries. With answers swapped in
// flight, they offer a key the organisation did not certify as a case's new recipient, an older
// certificate the current directory no longer lists, or a recovery certificate of their own: the
// console, which verifies every certificate with the organisation key from the person's own key
// envelope against the current signed directory, offers and accepts none.
// The organisation is set up through the console API as the setup page would (keys made here), an
// inspector joins by invitation and is certified in directory version 2 (the administrator is
// listed there too, for the national group), and reports arrive through
// the public API sealed for exactly the keys the signed directory routes to.
import t from 'tap';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certificateDigest, generateBoxKeyPair, generateSigningKeyPair, issueCertificate, loadSodium, signDirectory, toBase64Url } from '../../crypto/index.ts';
import { withMember } from '../../server/admin/directory.ts';
import { launchChromium } from '../helpers/browser.ts';
import { browserKeys, setupBody, setupPassphrase } from '../helpers/console.ts';
import { recoveryGroups } from '../helpers/directory.ts';
import { submitNewReport } from '../helpers/reporter-client.ts';
import { cheapPow, startServer, type ServerProcess, callConsole, type ConsoleSession, setupTokenOf } from '../helpers/server-process.ts';

const inspectorPassphrase = 'жасыл алма терезе 2026';
const today = '2026-11-26';

type Session = ConsoleSession;

let server: ServerProcess;
let browser: Browser;
let databasePath: string;
let setup: ReturnType<typeof setupBody>;
let inspectorId: string;
let tampered: string;
let intact: string;

/** A console API call as a page makes it (test/helpers/server-process.ts). */
const consoleCall = <Answer>(method: 'GET' | 'POST' | 'PUT' | 'PATCH', path: string, body?: unknown, session?: Session) => callConsole<Answer>(server, method, path, body, session);

/**
 * An inspector of region 75 accepts an invitation, and the administrator certifies her key and
 * publishes directory version 2 listing it, as the accounts screen does.
 */
async function addInspector(admin: Session): Promise<string> {
  const { answer: link } = await consoleCall<{ invitationUrl: string }>('POST', '/invitations', { role: 'inspector', displayName: 'Айгүл Сейітова', groupIds: ['region-75'] }, admin);
  const token = /#invite=([A-Za-z0-9_-]+)/.exec(link.invitationUrl)?.[1];
  if (token === undefined) throw new Error(`no token in ${link.invitationUrl}`);
  const keys = browserKeys(inspectorPassphrase, setup.signing.publicKey);
  const { answer } = await consoleCall<{ me: { id: string } }>('POST', '/invitations/accept', {
    token,
    username: 'aigul',
    authValue: toBase64Url(keys.authValue),
    keyEnvelope: toBase64Url(keys.keyEnvelope),
    publicKey: toBase64Url(keys.keys.publicKey),
    signingKey: toBase64Url(keys.signingKeys.publicKey),
  });
  const id = answer.me.id;
  const certificate = issueCertificate({ accountId: id, boxKey: keys.keys.publicKey, signKey: keys.signingKeys.publicKey, role: 'inspector', groups: ['region-75'], issuedDay: today }, setup.signing.privateKey);
  // The administrator receives for the national group too: a colleague the signed directory lists.
  const adminListed = issueCertificate({ accountId: setup.body.accountId, boxKey: setup.admin.keys.publicKey, signKey: setup.admin.signingKeys.publicKey, role: 'admin', groups: ['national'], issuedDay: today }, setup.signing.privateKey);
  const claim = withMember(withMember(setup.claim, certificateDigest(certificate), ['region-75'], today), certificateDigest(adminListed), ['national'], today);
  const directory = signDirectory({ ...claim, version: setup.claim.version + 1 }, setup.signing.privateKey);
  const certificates = [
    { accountId: id, certificate: toBase64Url(certificate) },
    { accountId: setup.body.accountId, certificate: toBase64Url(adminListed) },
  ];
  await consoleCall('PUT', '/directory', { directory: toBase64Url(directory), certificates }, admin);
  return id;
}

/** A report to region 75 as the reporter page sends it: routed over the signed directory, sealed in version 2 envelopes. */
async function submitReport(category: string): Promise<string> {
  const report = await submitNewReport(server.publicUrl, { region: '75', category, organisationKey: setup.signing.publicKey });
  if (report.response.status !== 201) throw new Error(`report refused: ${report.response.status} ${await report.response.text()}`);
  return report.body.reportId;
}

/** What the operator does with database access alone, on the live server's file. */
function operatorEdits(sql: string, ...values: string[]): void {
  const db = new Database(databasePath);
  try {
    db.pragma('busy_timeout = 5000');
    const changed = db.prepare(sql).run(...values).changes;
    if (changed !== 1) throw new Error(`${sql}: ${changed} rows`);
  } finally {
    db.close();
  }
}

/** The stored ids of a case's notes. */
function noteIds(reportId: string): string[] {
  const db = new Database(databasePath, { readonly: true });
  try {
    return (db.prepare('SELECT id FROM case_notes WHERE report_id = ?').all(reportId) as { id: string }[]).map((row) => row.id);
  } finally {
    db.close();
  }
}

t.before(async () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'qauipsiz-trust-case-')), 'data');
  databasePath = join(dataDir, 'qauipsiz.db');
  server = await startServer(dataDir, cheapPow);
  const token = setupTokenOf(server);
  await loadSodium('sumo');
  setup = setupBody(token);
  const { answer, cookie } = await consoleCall<{ csrfToken: string }>('POST', '/setup', setup.body);
  inspectorId = await addInspector({ cookie, csrfToken: answer.csrfToken });
  tampered = await submitReport('concealed_injury.fatal_concealed');
  intact = await submitReport('concealed_injury.recorded_as_domestic');
  browser = await launchChromium();
});
t.teardown(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(username: string, passphrase: string): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const said: string[] = [];
  page.on('console', (message) => said.push(message.text()));
  await page.goto(`${server.consoleUrl}/`);
  await page.waitForSelector('#login-form', { timeout: 60_000 }).catch(async (error: unknown) => {
    throw new Error(`no sign-in form; the page shows: ${await page.textContent('body')}; its console: ${said.join(' | ')}`, { cause: error });
  });
  await page.fill('#login-username', username);
  await page.fill('#login-passphrase', passphrase);
  await page.click('#login-submit');
  await page.waitForSelector('#nav-queue', { timeout: 60_000 });
  return { page, context, errors };
}

/** Opens a case from the queue and waits until its report and its notes' signature checks are on screen. */
async function openCase(page: Page, id: string): Promise<void> {
  await page.click('#nav-queue');
  await page.waitForSelector(`#open-${id}`, { timeout: 30_000 });
  await page.click(`#open-${id}`);
  await page.waitForSelector('#case-what', { timeout: 30_000 });
  await page.waitForFunction(() => document.querySelector('#case-notes-area .loading') === null, undefined, { timeout: 30_000 });
}

/** The notes on screen: their text, what the console concluded, and any warning shown on them. */
function notesOnScreen(page: Page): Promise<{ text: string; verdict: string | null; warning: string | null }[]> {
  return page.$$eval('#case-notes li', (items) =>
    items.map((li) => ({ text: li.querySelector('.report-text')?.textContent ?? '', verdict: li.getAttribute('data-verdict'), warning: li.querySelector('.alert, .note')?.textContent ?? null })),
  );
}

async function addNote(page: Page, text: string): Promise<void> {
  await page.fill('#note-text', text);
  await page.click('#note-add');
  await page.waitForFunction((wanted) => [...document.querySelectorAll('#case-notes li .report-text')].some((p) => p.textContent === wanted), text, { timeout: 30_000 });
}

t.test('an edited region and category, and a forged note author, show warnings; untouched ones do not', async (t) => {
  const { page, context, errors } = await signIn('aigul', inspectorPassphrase);
  t.teardown(() => context.close());

  // --- Before the operator acts: nothing to warn about ---
  await openCase(page, tampered);
  t.equal(await page.$('#case-metadata-warning'), null, 'an untouched version 2 case shows no warning');
  t.equal(await page.$('#case-metadata-unbound'), null, 'nor the note for older reports');
  await addNote(page, 'FIRST: call the district inspectorate');
  const [firstNote] = noteIds(tampered);
  await addNote(page, 'SECOND: site visit on Monday');
  t.same(
    (await notesOnScreen(page)).map((n) => [n.verdict, n.warning]),
    [
      ['signed', null],
      ['signed', null],
    ],
    'notes signed in this browser check out against the certificate, with no warning',
  );

  // --- The operator edits the database ---
  operatorEdits("UPDATE reports SET region = '71', category = 'near_miss' WHERE id = ?", tampered);
  operatorEdits('UPDATE case_notes SET author_id = ? WHERE id = ? AND author_id = ?', setup.body.accountId, firstNote ?? '', inspectorId);

  await page.click('#back-to-queue');
  await openCase(page, tampered);
  const warning = (await (await page.$('#case-metadata-warning'))?.textContent()) ?? '';
  t.match(warning, /differ from what the reporter sent/, 'the edited case shows the warning');
  t.match(warning, /Region: Astana \(sent: Almaty\)/, 'naming the stored region and the one the reporter sent, in words');
  t.match(warning, /Category: Near miss[^;]*\(sent: Fatal accident concealed\)/, 'and the stored and sent category, in words');
  t.notMatch(warning, /Industry|Group/, 'and nothing that was not changed');
  t.match(await page.textContent('dl.facts'), /Astana/, 'the stored value is still shown where it was, with the warning beside it');

  const notes = await notesOnScreen(page);
  const forged = notes.find((n) => n.text.startsWith('FIRST'));
  const untouched = notes.find((n) => n.text.startsWith('SECOND'));
  t.equal(forged?.verdict, 'author_differs', 'the note whose author was changed is flagged');
  t.match(forged?.warning ?? '', /signed by Айгүл Сейітова \([A-Za-z0-9_-]+\), but the server names First Admin \([A-Za-z0-9_-]+\) as its author/, 'naming who signed it and whom the server names');
  t.same([untouched?.verdict, untouched?.warning], ['signed', null], 'the other note still checks out, with no warning');

  // --- The operator renames a checked note's author in the answer: the signing account's own name stays ---
  await swapAnswer(page, `/api/console/cases/${tampered}`, (answer) => {
    const detail = answer as { notes: { authorName: string | null }[] };
    return { ...detail, notes: detail.notes.map((n) => ({ ...n, authorName: 'First Admin' })) };
  });
  await page.click('#back-to-queue');
  await openCase(page, tampered);
  const second = await page.$$eval('#case-notes li', (items) => items.filter((li) => li.querySelector('.report-text')?.textContent?.startsWith('SECOND')).map((li) => li.querySelector('.meta')?.textContent ?? ''));
  t.match(second[0] ?? '', /— Айгүл Сейітова$/, 'the signed note shows the name of the account that signed it, not the name the server attached');
  await page.unroute(`**/api/console/cases/${tampered}`);

  // --- A case the operator did not touch ---
  await page.click('#back-to-queue');
  await openCase(page, intact);
  t.equal(await page.$('#case-metadata-warning'), null, 'an untouched case shows no warning');
  t.same(errors, [], 'no page error');
});

/** Answers `path` with the server's real answer as `change` rewrites it: the operator swapping an answer in flight. */
async function swapAnswer(page: Page, path: string, change: (answer: unknown) => unknown): Promise<void> {
  await page.unroute(`**${path}`);
  await page.route(`**${path}`, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, json: change(await response.json()) });
  });
}

/** The accounts the case screen offers to share the case with. */
async function offeredRecipients(page: Page): Promise<string[]> {
  await page.waitForSelector('#recipient-form, #recipient-none, #recipient-unavailable', { timeout: 30_000 });
  return page.$$eval('#recipient-account option', (options) => options.map((o) => (o as HTMLOptionElement).value).filter((v) => v !== ''));
}

async function openRecovery(page: Page): Promise<void> {
  await page.click('#nav-recovery');
  await page.waitForSelector('#recovery-account-form, #recovery-untrusted, #main > p.alert', { timeout: 30_000 });
}

t.test('keys the organisation key did not certify are neither offered as recipients nor taken as the recovery key', async (t) => {
  const operator = generateSigningKeyPair();
  const operatorBox = generateBoxKeyPair();
  const adminId = setup.body.accountId;

  // --- Untouched answers: the certified administrator is offered to share a case with ---
  const inspector = await signIn('aigul', inspectorPassphrase);
  t.teardown(() => inspector.context.close());
  const i = inspector.page;
  await openCase(i, intact);
  t.same(await offeredRecipients(i), [adminId], 'the colleague certified by the organisation key is offered');

  // --- The server replays his older certificate (validly signed at setup, listed in no directory now) ---
  await swapAnswer(i, '/api/console/colleagues', (answer) => (answer as { certificate: string }[]).map((c) => ({ ...c, certificate: toBase64Url(setup.adminCertificate) })));
  await openCase(i, intact);
  t.same(await offeredRecipients(i), [], 'a certificate the current directory does not list is not offered');

  // --- The server lists the colleague with another key beside his genuine certificate ---
  await swapAnswer(i, '/api/console/colleagues', (answer) => (answer as { publicKey: string }[]).map((c) => ({ ...c, publicKey: toBase64Url(operatorBox.publicKey) })));
  await openCase(i, intact);
  t.same(await offeredRecipients(i), [], 'a key his certificate does not name is not offered');

  // --- The server answers with an organisation key of its own, and vouches for the swapped key with it ---
  const forgedRecovery = issueCertificate({ accountId: 'recovery', boxKey: operatorBox.publicKey, signKey: null, role: 'recovery', groups: recoveryGroups(setup.claim), issuedDay: today }, operator.privateKey);
  const swapOrganisation = (answer: unknown) => ({
    ...(answer as object),
    signingPublicKey: toBase64Url(operator.publicKey),
    recoveryPublicKey: toBase64Url(operatorBox.publicKey),
    recoveryCertificate: toBase64Url(forgedRecovery),
  });
  const forged = issueCertificate({ accountId: adminId, boxKey: operatorBox.publicKey, signKey: setup.admin.signingKeys.publicKey, role: 'admin', groups: [], issuedDay: today }, operator.privateKey);
  await swapAnswer(i, '/api/console/organisation', swapOrganisation);
  await swapAnswer(i, '/api/console/colleagues', (answer) =>
    (answer as { publicKey: string; certificate: string }[]).map((c) => ({ ...c, publicKey: toBase64Url(operatorBox.publicKey), certificate: toBase64Url(forged) })),
  );
  await openCase(i, intact);
  t.same(await offeredRecipients(i), [], 'nor is a key certified by any key but the organisation’s');
  t.same(inspector.errors, [], 'no page error (inspector)');

  // --- Recovery: the genuine certificate is accepted, the operator's is not ---
  const admin = await signIn('admin', setupPassphrase);
  t.teardown(() => admin.context.close());
  const a = admin.page;
  await openRecovery(a);
  t.ok(await a.$('#recovery-form'), 'the recovery certificate verifies: the recovery form is offered');
  t.equal(await a.$('#recovery-untrusted'), null, 'with no warning');
  // The recovery certificate is taken from the signed directory: one of the operator's in its place stops the screen.
  await swapAnswer(a, '/api/console/organisation', swapOrganisation);
  await swapAnswer(a, '/api/console/directory', (answer) => {
    const directory = answer as { certificates: { accountId: string; certificate: string }[] };
    return { ...directory, certificates: directory.certificates.map((c) => (c.accountId === 'recovery' ? { ...c, certificate: toBase64Url(forgedRecovery) } : c)) };
  });
  await a.click('#nav-queue');
  await openRecovery(a);
  t.match(await a.textContent('#main'), /directory stored on the server is not signed by your organisation’s key/, 'a recovery certificate the organisation key did not sign is refused, with a warning');
  t.equal(await a.$('#recovery-form'), null, 'and no recovery is offered');
  t.same(admin.errors, [], 'no page error (administrator)');
});
