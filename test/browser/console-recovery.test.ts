// The recovery key on paper, in real Chromium against the real server process (1366 px, en, ru, kk):
// setup shows it as 13 numbered groups with a Print button whose sheet prints alone, and a language
// switch shows the same key; the Recovery screen names each mistyped group by its number, refuses a
// valid code of another key, accepts the code in small letters with hyphens, and gives a colleague
// access to every open case of an inspector who has left, chosen by name: the cases listed with
// short reference, category and day, progress, failures per case, a retry that completes. The
// single-case form by id stays. What the server stores is checked: the colleague's new wraps open
// the same case keys as the recovery key's.
// The setup screen is driven only up to the recovery key (nothing is sent); the organisation is
// then set up through the console API as the setup page would, with a recovery key this test holds.
import t, { type Test } from 'tap';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  boxKeyPairFromPrivateKey,
  certificateDigest,
  encodeRecoveryCode,
  generateBoxKeyPair,
  issueCertificate,
  keyFingerprint,
  loadSodium,
  readRecoveryCode,
  signDirectory,
  toBase64Url,
  unwrapReportKey,
  type KeyPair,
} from '../../crypto/index.ts';
import { withMember } from '../../server/admin/directory.ts';
import { launchChromium, seriousAccessibilityViolations } from '../helpers/browser.ts';
import { browserKeys, setupBody, setupPassphrase } from '../helpers/console.ts';
import { submitNewReport } from '../helpers/reporter-client.ts';
import { cheapPow, startServer, type ServerProcess, callConsole, type ConsoleSession, setupTokenOf } from '../helpers/server-process.ts';

const today = '2026-11-26';
const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const screenshots = process.env.QAUIPSIZ_SCREENSHOTS; // a folder, to look at the screens

// Argon2id for a setup and a sign-in in the browser, two accounts made here.
t.setTimeout(240_000);

type Session = ConsoleSession;

let server: ServerProcess;
let browser: Browser;
let databasePath: string;
let token: string;

t.before(async () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'qauipsiz-recovery-')), 'data');
  databasePath = join(dataDir, 'qauipsiz.db');
  server = await startServer(dataDir, cheapPow);
  const found = setupTokenOf(server);
  token = found;
  await loadSodium('sumo');
  browser = await launchChromium();
});
t.teardown(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(url: string, locale: string): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
  const context = await browser.newContext({ locale, viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  return { page, context, errors };
}

async function axe(t: Test, page: Page, name: string): Promise<void> {
  t.same(await seriousAccessibilityViolations(page), [], `axe: ${name}`);
  if (screenshots) await page.screenshot({ path: join(screenshots, `${name.replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true });
}

/** The code with one character of group `index` (0-based) replaced by another of the alphabet. */
function mistype(code: string, ...indexes: number[]): string {
  return code
    .split(' ')
    .map((group, i) => (indexes.includes(i) ? (group[0] === 'A' ? 'B' : 'A') + group.slice(1) : group))
    .join(' ');
}

t.test('setup shows the recovery key as 13 numbered groups, prints the sheet alone, and keeps it across a language switch', async (t) => {
  const { page, context, errors } = await open(`${server.consoleUrl}/#setup=${token}`, 'en-GB');
  t.teardown(() => context.close());
  await page.waitForSelector('#setup-form');
  await page.fill('#setup-organisation', 'Labour inspectorate (recovery test)');
  await page.fill('#setup-username', 'admin');
  await page.fill('#setup-display-name', 'Test Administrator');
  await page.fill('#setup-passphrase', 'correct horse battery staple');
  await page.fill('#setup-passphrase-repeat', 'correct horse battery staple');
  await page.fill('#setup-org-passphrase', 'lantern quarry mosaic thimble orchard');
  await page.fill('#setup-org-passphrase-repeat', 'lantern quarry mosaic thimble orchard');
  await page.click('#setup-submit');
  await page.waitForSelector('#recovery-key', { timeout: 60_000 });

  const groups = await page.$$eval('#recovery-key li', (items) => items.map((li) => li.textContent ?? ''));
  t.equal(groups.length, 13, '13 groups');
  t.ok(
    groups.every((group) => group.length === 5 && [...group].every((c) => crockford.includes(c))),
    'of 5 characters each, from an alphabet without I, L, O and U',
  );
  t.equal(await page.$eval('#recovery-key', (list) => list.tagName), 'OL', 'a numbered list, so a group can be named by its number');
  const reading = readRecoveryCode(groups.join(' '));
  t.ok(reading.ok, 'the groups read back as a recovery key');
  const fingerprint = reading.ok ? keyFingerprint(boxKeyPairFromPrivateKey(reading.privateKey).publicKey) : '';
  t.equal(await page.textContent('#recovery-fingerprint'), fingerprint, 'the sheet carries the check code of the key the groups encode');
  t.equal(await page.textContent('#recovery-sheet-organisation'), 'Labour inspectorate (recovery test)', 'and the organisation’s name');
  t.match(await page.textContent('#org-fingerprint'), /^[0-9a-f]{4}( [0-9a-f]{4}){9}$/, 'and the organisation key’s check code');
  t.notOk(server.output().includes(groups.join('')), 'the code is not in the server log');
  await axe(t, page, 'setup recovery sheet');

  // --- Print: window.print, and on paper only the sheet ---
  await page.evaluate(() => {
    window.print = () => document.body.setAttribute('data-printed', 'yes');
  });
  await page.click('#recovery-print');
  t.equal(await page.getAttribute('body', 'data-printed'), 'yes', 'the Print button opens the print dialogue');
  await page.emulateMedia({ media: 'print' });
  t.ok(await page.isVisible('#recovery-sheet'), 'printed: the sheet');
  for (const selector of ['header.top', '#recovery-title', '#recovery-print', '#setup-finish', '#recovery-confirm', 'h1']) {
    t.notOk(await page.isVisible(selector), `printed without ${selector}`);
  }
  await page.emulateMedia({ media: 'screen' });

  // --- A language switch shows the same key, in the other language ---
  await page.check('#recovery-confirm');
  await page.click('#language-kk');
  await page.waitForFunction(() => document.documentElement.lang === 'kk');
  await page.waitForSelector('#recovery-key');
  t.same(await page.$$eval('#recovery-key li', (items) => items.map((li) => li.textContent ?? '')), groups, 'after switching to Kazakh the same recovery key is shown');
  t.match(await page.getAttribute('#recovery-key', 'aria-label'), /13 топ/, 'labelled in Kazakh');
  t.match(await page.textContent('#recovery-print'), 'Басып шығару', 'the Print button in Kazakh');
  t.ok(await page.isChecked('#recovery-confirm'), 'and the ticked confirmation stays ticked');
  await axe(t, page, 'setup recovery sheet (kk)');
  t.same(errors, [], 'no page error');
  // Nothing was sent: the organisation is set up through the API below.
});

/** A console API call as a page makes it (test/helpers/server-process.ts). */
const consoleCall = <Answer>(method: 'GET' | 'POST' | 'PUT' | 'PATCH', path: string, body?: unknown, session?: Session) => callConsole<Answer>(server, method, path, body, session);

type Member = { id: string; keys: KeyPair; certificate: Uint8Array };

/** An inspector accepts an invitation for `group`; the test certifies the key as the accounts screen would. */
async function invite(admin: Session, setup: ReturnType<typeof setupBody>, username: string, displayName: string, group: string): Promise<Member> {
  const { answer: link } = await consoleCall<{ invitationUrl: string }>('POST', '/invitations', { role: 'inspector', displayName, groupIds: [group] }, admin);
  const invitation = /#invite=([A-Za-z0-9_-]+)/.exec(link.invitationUrl)?.[1];
  const keys = browserKeys(`${username} passphrase 2026`, setup.signing.publicKey);
  const { answer } = await consoleCall<{ me: { id: string } }>('POST', '/invitations/accept', {
    token: invitation,
    username,
    authValue: toBase64Url(keys.authValue),
    keyEnvelope: toBase64Url(keys.keyEnvelope),
    publicKey: toBase64Url(keys.keys.publicKey),
    signingKey: toBase64Url(keys.signingKeys.publicKey),
  });
  const id = answer.me.id;
  const certificate = issueCertificate({ accountId: id, boxKey: keys.keys.publicKey, signKey: keys.signingKeys.publicKey, role: 'inspector', groups: [group], issuedDay: today }, setup.signing.privateKey);
  return { id, keys: keys.keys, certificate };
}

/** The stored wrap of a case key for `recipientId`. */
function storedWrap(reportId: string, recipientId: string): Uint8Array | undefined {
  const db = new Database(databasePath, { readonly: true });
  try {
    const row = db.prepare('SELECT wrap FROM report_key_wraps WHERE report_id = ? AND recipient_id = ?').get(reportId, recipientId) as { wrap: Buffer } | undefined;
    return row === undefined ? undefined : new Uint8Array(row.wrap);
  } finally {
    db.close();
  }
}

/** Types into the recovery key field and leaves it, as a person does. */
async function typeKey(page: Page, text: string): Promise<void> {
  await page.fill('#recovery-key-input', text);
  await page.locator('#recovery-key-input').blur();
}

t.test('recovery names the mistyped group and gives a colleague every case of an inspector who has left', async (t) => {
  // --- The organisation, an inspector of Almaty who will leave, a colleague in Astana, four reports to Almaty ---
  const setup = setupBody(token);
  const { answer, cookie } = await consoleCall<{ csrfToken: string }>('POST', '/setup', setup.body);
  const admin = { cookie, csrfToken: answer.csrfToken };
  const leaver = await invite(admin, setup, 'aigul', 'Айгүл Сейітова', 'region-75');
  const colleague = await invite(admin, setup, 'bolat', 'Болат Ахметов', 'region-71');
  const claim = withMember(withMember(setup.claim, certificateDigest(leaver.certificate), ['region-75'], today), certificateDigest(colleague.certificate), ['region-71'], today);
  const directory = signDirectory({ ...claim, version: setup.claim.version + 1 }, setup.signing.privateKey);
  const certified = [leaver, colleague].map((m) => ({ accountId: m.id, certificate: toBase64Url(m.certificate) }));
  await consoleCall('PUT', '/directory', { directory: toBase64Url(directory), certificates: certified }, admin);
  const reports: string[] = [];
  for (const category of ['concealed_injury.fatal_concealed', 'concealed_injury.recorded_as_domestic', 'concealed_injury.fatal_concealed']) {
    const report = await submitNewReport(server.publicUrl, { region: '75', category, organisationKey: setup.signing.publicKey });
    if (report.response.status !== 201) throw new Error(`report refused: ${report.response.status}`);
    reports.push(report.body.reportId);
  }
  await consoleCall('POST', `/accounts/${leaver.id}/disable`, undefined, admin);
  const code = encodeRecoveryCode(setup.recovery.privateKey);

  // --- The administrator signs in and opens Recovery ---
  const { page, context, errors } = await open(`${server.consoleUrl}/`, 'en-GB');
  t.teardown(() => context.close());
  await page.waitForSelector('#login-form', { timeout: 60_000 });
  await page.fill('#login-username', 'admin');
  await page.fill('#login-passphrase', setupPassphrase);
  await page.click('#login-submit');
  await page.waitForSelector('#nav-recovery', { timeout: 60_000 });
  await page.click('#nav-recovery');
  await page.waitForSelector('#recovery-account-form', { timeout: 30_000 });
  t.equal(await page.getAttribute('#recovery-key-input', 'type'), 'text', 'the key is typed in the open, to be compared with the sheet');

  // --- Re-entry: each wrong group named by its number ---
  const groups = code.split(' ');
  await typeKey(page, mistype(code, 6));
  const seventh = mistype(code, 6).split(' ')[6];
  t.equal(await page.textContent('#recovery-key-input-error .error-line'), `Group 7 (${seventh}) does not match its check character.`, 'a mistyped character: group 7 is named, with what was typed for it');
  t.equal(await page.getAttribute('#recovery-key-input', 'aria-invalid'), 'true', 'the field is marked invalid');
  await typeKey(page, mistype(code, 2, 10));
  const lines = await page.$$eval('#recovery-key-input-error .error-line', (spans) => spans.map((s) => s.textContent ?? ''));
  t.equal(lines.length, 3, 'two wrong groups: one line each, and one on how to find the mistake');
  t.match(lines[0], /^Group 3 \(\w{5}\) does not match/, 'group 3 named first');
  t.match(lines[1], /^Group 11 \(\w{5}\) does not match/, 'then group 11');
  t.match(lines[2], /last character of each group checks the other four/, 'then how to find the mistake');
  await typeKey(page, groups.slice(0, 12).join(' '));
  t.match(await page.textContent('#recovery-key-input-error'), /65 characters in 13 groups; 60 characters are typed/, 'a missing group: says how many characters were typed');
  await typeKey(page, encodeRecoveryCode(generateBoxKeyPair().privateKey));
  t.match(await page.textContent('#recovery-key-input-error'), /not the organisation’s recovery key/, 'a valid code of another key is refused before anything is sent');
  await axe(t, page, 'recovery with a wrong key');

  // --- A language switch keeps what was typed and tells it again in the new language ---
  await typeKey(page, mistype(code, 6));
  await page.click('#language-ru');
  await page.waitForFunction(() => document.documentElement.lang === 'ru');
  await page.waitForSelector('#recovery-account-form');
  t.equal(await page.inputValue('#recovery-key-input'), mistype(code, 6), 'switching to Russian keeps the typed key');
  await page.waitForSelector('#recovery-key-input-error:not([hidden])');
  t.equal(await page.textContent('#recovery-key-input-error .error-line'), `Группа 7 (${seventh}) не сходится со своим проверочным символом.`, 'and names the wrong group in Russian');

  // --- Small letters and hyphens are read; the right key clears the error ---
  await typeKey(page, code.toLowerCase().replaceAll(' ', '-'));
  t.ok(await page.isHidden('#recovery-key-input-error'), 'the code in small letters with hyphens is the recovery key: no error');

  // --- One case by id still works ---
  await page.click('#recovery-one summary');
  await page.fill('#recovery-case', reports[0] ?? '');
  await page.selectOption('#recovery-account', colleague.id);
  await page.click('#recovery-submit');
  await page.waitForSelector('#recovery-done', { timeout: 30_000 });
  t.match(await page.textContent('#recovery-done'), /Болат Ахметов теперь может читать/, 'one case given by its id');
  t.ok(storedWrap(reports[0] ?? '', colleague.id), 'stored for the colleague');
  t.equal(await page.inputValue('#recovery-key-input'), '', 'the typed key is cleared after use');

  // --- The inspector who left, chosen by name: the list of cases ---
  const options = await page.$$eval('#recovery-from option', (items) => items.map((o) => o.textContent ?? ''));
  t.ok(options.includes('Айгүл Сейітова (aigul) — учётная запись отключена'), 'the disabled inspector is offered, marked as disabled');
  await page.selectOption('#recovery-from', leaver.id);
  await page.waitForSelector('#recovery-cases-table', { timeout: 30_000 });
  const rows = await page.$$eval('#recovery-cases-table tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  const byId = reports.toSorted((a, b) => (a < b ? -1 : 1));
  t.same(rows.map((row) => row[0]), byId.map((id) => id.slice(0, 6)), 'every open case of hers is listed by its short reference, in the order of case ids');
  t.ok(rows.every((row) => /\S/.test(row[1] ?? '') && !/^[a-z_]+\.[a-z_]+$/.test(row[1] ?? '') && /\d{4}/.test(row[2] ?? '')), 'with its category in words and the day it was received');
  t.notOk((await page.$$eval('#recovery-to option', (items) => items.map((o) => (o as HTMLOptionElement).value))).includes(leaver.id), 'she is not offered as the colleague to take them over');
  t.equal(await page.textContent('#recovery-give'), 'Передать доступ к 3 обращениям', 'the button counts the cases, with the Russian plural');
  await axe(t, page, 'recovery cases of an inspector (ru)');

  // --- A run where one case fails: the others are given, the failed one is listed ---
  const failing = reports[2] ?? '';
  await page.route(`**/api/console/recovery/cases/${failing}`, (route) => route.fulfill({ status: 404, contentType: 'application/json', body: JSON.stringify({ error: { code: 'case.not_found', message: 'not found' } }) }));
  await typeKey(page, code);
  await page.selectOption('#recovery-to', colleague.id);
  await page.click('#recovery-give');
  await page.waitForSelector('#recovery-summary', { timeout: 30_000 });
  t.match(await page.textContent('#recovery-summary'), /Болат Ахметов теперь может читать 2 из 3 обращений\. Не передано:/, 'two of three given');
  t.match(await page.textContent('#recovery-failures'), new RegExp(`^${failing.slice(0, 6)} — .+: `), 'the failed case is listed by its reference, with why');
  t.match(await page.textContent('#recovery-progress'), /Готово: 3 из 3/, 'progress reached the end');
  t.equal(await page.inputValue('#recovery-key-input'), code, 'the key stays for a retry');

  // --- The retry completes; the case given before counts as given ---
  await page.unroute(`**/api/console/recovery/cases/${failing}`);
  await page.click('#recovery-give');
  await page.waitForFunction(() => /все 3 обращения/.test(document.getElementById('recovery-summary')?.textContent ?? ''), undefined, { timeout: 30_000 });
  t.equal(await page.textContent('#recovery-summary'), 'Болат Ахметов теперь может читать все 3 обращения.', 'all three given');
  t.equal(await page.$('#recovery-failures'), null, 'nothing left over');
  t.equal(await page.inputValue('#recovery-key-input'), '', 'the typed key is cleared');
  await axe(t, page, 'recovery done (ru)');

  // --- What the server stores opens, for the colleague, the same case keys as the recovery key's ---
  for (const id of reports) {
    const given = storedWrap(id, colleague.id);
    const recovery = storedWrap(id, 'recovery');
    if (given === undefined || recovery === undefined) {
      t.fail(`case ${id}: a wrap is missing`);
      continue;
    }
    t.same(unwrapReportKey(given, colleague.keys).publicKey, unwrapReportKey(recovery, setup.recovery).publicKey, `case ${id.slice(0, 6)}: the colleague’s key opens the case key`);
  }
  t.same(errors, [], 'no page error');
});
