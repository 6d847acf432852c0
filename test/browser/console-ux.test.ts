// What an inspector and an administrator meet in the console (issue 11, points 7, 8, 10, 11, 12), in
// real Chromium at 1366 px against the real server process: sign-in says how long it is slowed after
// failed attempts (never a lockout); a reload explains that the session ended; switching language
// keeps what was typed; the case page names colleagues (history, assignee) and keeps its scroll
// position after a save; the audit log reads in the reader's language. Each in two languages, with
// axe on every screen.
// The organisation is set up through the console API as the setup page would, two inspectors of
// region 75 join by invitation and are certified in directory version 2, a report arrives through
// the public API, and one inspector (Бекзат) takes and acknowledges it through the API.
import t, { type Test } from 'tap';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certificateDigest, deriveFromPassphrase, fromBase64Url, issueCertificate, loadSodium, signDirectory, toBase64Url } from '../../crypto/index.ts';
import { withMember } from '../../server/admin/directory.ts';
import { launchChromium, seriousAccessibilityViolations } from '../helpers/browser.ts';
import { browserKeys, setupBody, setupPassphrase } from '../helpers/console.ts';
import { submitNewReport } from '../helpers/reporter-client.ts';
import { cheapPow, startServer, type ServerProcess, callConsole, type ConsoleSession, setupTokenOf } from '../helpers/server-process.ts';

const aigulPassphrase = 'жасыл алма терезе 2026';
const bekzatPassphrase = 'көк теңіз тау бұлақ 2026';
const today = '2026-11-26';

// Argon2id at every sign-in on a shared machine.
t.setTimeout(240_000);

type Session = ConsoleSession;
type Inspector = { id: string; username: string; displayName: string; passphrase: string };

let server: ServerProcess;
let browser: Browser;
let setup: ReturnType<typeof setupBody>;
let bekzat: Inspector;
let caseId: string;

/** A console API call as a page makes it (test/helpers/server-process.ts). */
const consoleCall = <Answer>(method: 'GET' | 'POST' | 'PUT' | 'PATCH', path: string, body?: unknown, session?: Session) => callConsole<Answer>(server, method, path, body, session);

/** Inspectors of region 75 accept invitations; the administrator certifies their keys in one new directory version. */
async function addInspectors(admin: Session, people: Omit<Inspector, 'id'>[]): Promise<Inspector[]> {
  let claim = setup.claim;
  const certificates: { accountId: string; certificate: string }[] = [];
  const joined: Inspector[] = [];
  for (const person of people) {
    const { answer: link } = await consoleCall<{ invitationUrl: string }>('POST', '/invitations', { role: 'inspector', displayName: person.displayName, groupIds: ['region-75'] }, admin);
    const token = /#invite=([A-Za-z0-9_-]+)/.exec(link.invitationUrl)?.[1] ?? '';
    const keys = browserKeys(person.passphrase, setup.signing.publicKey);
    const { answer } = await consoleCall<{ me: { id: string } }>('POST', '/invitations/accept', {
      token,
      username: person.username,
      authValue: toBase64Url(keys.authValue),
      keyEnvelope: toBase64Url(keys.keyEnvelope),
      publicKey: toBase64Url(keys.keys.publicKey),
      signingKey: toBase64Url(keys.signingKeys.publicKey),
    });
    const certificate = issueCertificate({ accountId: answer.me.id, boxKey: keys.keys.publicKey, signKey: keys.signingKeys.publicKey, role: 'inspector', groups: ['region-75'], issuedDay: today }, setup.signing.privateKey);
    claim = withMember(claim, certificateDigest(certificate), ['region-75'], today);
    certificates.push({ accountId: answer.me.id, certificate: toBase64Url(certificate) });
    joined.push({ ...person, id: answer.me.id });
  }
  const directory = signDirectory({ ...claim, version: setup.claim.version + 1 }, setup.signing.privateKey);
  await consoleCall('PUT', '/directory', { directory: toBase64Url(directory), certificates }, admin);
  return joined;
}

/** A staff session through the API, with the authValue the page derives from the envelope's salt. */
async function apiSignIn(person: Inspector): Promise<Session> {
  const { answer: salt } = await consoleCall<{ salt: string }>('POST', '/login/salt', { username: person.username });
  const { authValue } = deriveFromPassphrase(person.passphrase, fromBase64Url(salt.salt));
  const { answer, cookie } = await consoleCall<{ csrfToken: string }>('POST', '/login', { username: person.username, authValue: toBase64Url(authValue) });
  return { cookie, csrfToken: answer.csrfToken };
}

t.before(async () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'qauipsiz-console-ux-')), 'data');
  server = await startServer(dataDir, cheapPow);
  const token = setupTokenOf(server);
  await loadSodium('sumo');
  setup = setupBody(token);
  const { answer, cookie } = await consoleCall<{ csrfToken: string }>('POST', '/setup', setup.body);
  [, bekzat] = (await addInspectors({ cookie, csrfToken: answer.csrfToken }, [
    { username: 'aigul', displayName: 'Айгүл Сейітова', passphrase: aigulPassphrase },
    { username: 'bekzat', displayName: 'Бекзат Омаров', passphrase: bekzatPassphrase },
  ])) as [Inspector, Inspector];
  const report = await submitNewReport(server.publicUrl, { region: '75', category: 'concealed_injury.recorded_as_domestic', organisationKey: setup.signing.publicKey });
  if (report.response.status !== 201) throw new Error(`report refused: ${report.response.status} ${await report.response.text()}`);
  caseId = report.body.reportId;
  // Бекзат takes the case and acknowledges it: his id is what the server stores in the history.
  const session = await apiSignIn(bekzat);
  await consoleCall('PATCH', `/cases/${caseId}`, { assigneeId: bekzat.id }, session);
  await consoleCall('POST', `/cases/${caseId}/transition`, { to: 'acknowledged' }, session);
  browser = await launchChromium();
});
t.teardown(async () => {
  await browser?.close();
  await server?.stop();
});

type Opened = { page: Page; context: BrowserContext; errors: string[] };

async function openConsole(locale: string): Promise<Opened> {
  const context = await browser.newContext({ locale, viewport: { width: 1366, height: 700 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${server.consoleUrl}/`);
  await page.waitForSelector('#login-form', { timeout: 60_000 });
  return { page, context, errors };
}

async function signIn(page: Page, username: string, passphrase: string): Promise<void> {
  await page.fill('#login-username', username);
  await page.fill('#login-passphrase', passphrase);
  await page.click('#login-submit');
  await page.waitForSelector('#nav-queue, #nav-accounts', { timeout: 60_000 });
}

/** Clicks sign-in and returns what the button says at once, then waits for the attempt to end. */
async function attemptSignIn(page: Page): Promise<string> {
  await page.click('#login-submit');
  const label = (await page.textContent('#login-submit')) ?? '';
  await page.waitForFunction(() => document.getElementById('login-submit')?.getAttribute('aria-disabled') !== 'true', undefined, { timeout: 60_000 });
  return label;
}

async function switchLanguage(page: Page, language: 'kk' | 'ru' | 'en', settled: string): Promise<void> {
  await page.click(`#language-${language}`);
  await page.waitForFunction((selector) => document.documentElement.lang !== '' && document.querySelector(selector) !== null, settled, { timeout: 30_000 });
}

async function axe(t: Test, page: Page, name: string): Promise<void> {
  t.same(await seriousAccessibilityViolations(page), [], `axe: ${name}`);
}

t.test('sign-in after failed attempts says it is slowed and for how long, in en and ru; the right passphrase still works; a reload explains', async (t) => {
  const { page, context, errors } = await openConsole('en-GB');
  t.teardown(() => context.close());
  await page.fill('#login-username', 'aigul');
  await page.fill('#login-passphrase', 'not her passphrase at all');
  t.match(await attemptSignIn(page), /^Checking… \(this takes about a second\)$/, 'the first attempt: nothing slows it yet');
  t.equal(
    await page.textContent('#login-error'),
    'Wrong username or passphrase. Sign-in is slowed after failed attempts: the next one waits up to 1 second.',
    'the refusal says the next attempt is slowed, and for how long',
  );
  t.equal(await attemptSignIn(page), 'Checking… Sign-in is slowed after failed attempts: up to 1 second.', 'the button says why the next attempt is slow');
  await axe(t, page, 'sign-in refused (en)');

  // Russian, with what was typed kept through the switch.
  await page.click('#language-ru');
  await page.waitForFunction(() => document.documentElement.lang === 'ru' && document.getElementById('login-submit')?.textContent === 'Войти', undefined, { timeout: 30_000 });
  t.equal(await page.inputValue('#login-username'), 'aigul', 'the username typed before the language switch is kept');
  t.equal(await page.inputValue('#login-passphrase'), 'not her passphrase at all', 'and the passphrase');
  t.equal(await attemptSignIn(page), 'Проверяем… После неудачных попыток вход замедлен: до 1 секунды.', 'in Russian, one second in the genitive singular');
  t.match(await page.textContent('#login-error'), /После неудачных попыток вход замедлен: следующая попытка займёт до 2 секунд\.$/, 'two seconds: the plural form Intl.PluralRules picks');
  t.equal(await attemptSignIn(page), 'Проверяем… После неудачных попыток вход замедлен: до 2 секунд.', 'the button says the same');
  t.notMatch(await page.textContent('#login-error'), /заблокир|lock/i, 'never a lockout message');
  await axe(t, page, 'sign-in refused (ru)');

  await page.fill('#login-passphrase', aigulPassphrase);
  await page.click('#login-submit');
  await page.waitForSelector('#nav-queue', { timeout: 60_000 });
  t.pass('the right passphrase still signs in after the failures');

  // --- A reload ends the session and says so ---
  await page.reload();
  await page.waitForSelector('#login-notice', { timeout: 60_000 });
  t.match(await page.textContent('#login-notice'), /^The session ended because the page was reloaded or opened again\./, 'after a reload the sign-in explains why the session ended');
  await axe(t, page, 'sign-in after a reload (en)');
  await page.click('#language-ru');
  await page.waitForFunction(() => document.documentElement.lang === 'ru' && /перезагружена/.test(document.getElementById('login-notice')?.textContent ?? ''), undefined, { timeout: 30_000 });
  t.match(await page.textContent('#login-notice'), /^Сеанс завершён, потому что страница была перезагружена или открыта заново\./, 'in Russian too');

  // A fresh visit, with no session left, explains nothing.
  const fresh = await openConsole('en-GB');
  t.teardown(() => fresh.context.close());
  t.equal(await fresh.page.$('#login-notice'), null, 'a first visit shows the sign-in without a notice');
  t.same([...errors, ...fresh.errors], [], 'no page error');
});

t.test('the case page names colleagues, keeps typed text through a language switch and its place after a save (kk, ru)', async (t) => {
  const { page, context, errors } = await openConsole('kk-KZ');
  t.teardown(() => context.close());
  await signIn(page, 'aigul', aigulPassphrase);
  await page.waitForSelector(`#open-${caseId}`, { timeout: 30_000 });
  await page.click(`#open-${caseId}`);
  await page.waitForSelector('#case-what', { timeout: 30_000 });

  const history = (await page.textContent('#case-history')) ?? '';
  t.match(history, /Бекзат Омаров/, 'the history names the colleague who acted and whom the case was assigned to');
  t.notOk(history.includes(bekzat.id), 'never by account id');
  t.equal(await page.$eval('#case-assignee', (select) => (select as HTMLSelectElement).selectedOptions[0]?.textContent), 'Бекзат Омаров', 'the assignee list names him');
  await axe(t, page, 'case (kk)');

  // Typed, not saved: a note, a severity, the group flag. Then Russian.
  const note = 'Жазба жобасы: дүйсенбіде объектіге бару';
  await page.fill('#note-text', note);
  const severity = await page.$eval('#case-severity', (select) => (select as HTMLSelectElement).options[1]?.value ?? '');
  await page.selectOption('#case-severity', severity);
  await page.check('#case-group');
  const kazakhHistoryTitle = await page.textContent('#case-history-title');
  await page.click('#language-ru');
  await page.waitForFunction((before) => document.documentElement.lang === 'ru' && document.getElementById('case-history-title')?.textContent !== before, kazakhHistoryTitle, { timeout: 30_000 });
  t.equal(await page.inputValue('#note-text'), note, 'the unsent note survives the language switch');
  t.equal(await page.inputValue('#case-severity'), severity, 'so does the chosen severity');
  t.ok(await page.isChecked('#case-group'), 'and the ticked group flag');
  t.match(await page.textContent('#case-history'), /Бекзат Омаров/, 'in Russian the history names him too');

  // Save the triage from the middle of the page: the page stays where it was.
  await page.$eval('#triage-save', (button) => button.scrollIntoView({ block: 'center' }));
  const before = await page.evaluate(() => window.scrollY);
  t.ok(before > 100, 'the triage form is down the page');
  const events = await page.$$eval('#case-history li', (items) => items.length);
  await page.click('#triage-save');
  await page.waitForFunction((count) => document.querySelectorAll('#case-history li').length > count, events, { timeout: 30_000 });
  const after = await page.evaluate(() => window.scrollY);
  t.ok(Math.abs(after - before) <= 2, `the scroll position is kept after the save (${before} → ${after})`);
  t.equal(await page.evaluate(() => document.activeElement?.id), 'triage-save', 'focus stays on the save button');
  t.equal(await page.inputValue('#case-severity'), severity, 'the saved severity is shown');
  t.equal(await page.inputValue('#note-text'), note, 'the note typed elsewhere on the page is still there');
  await axe(t, page, 'case after a save (ru)');
  t.same(errors, [], 'no page error');
});

t.test('the audit log shows actions and details in the reader’s language, with names (en, ru)', async (t) => {
  const { page, context, errors } = await openConsole('en-GB');
  t.teardown(() => context.close());
  await signIn(page, 'admin', setupPassphrase);
  await page.click('#nav-audit');
  await page.waitForSelector('#audit-table', { timeout: 30_000 });

  const rows = () =>
    page.$$eval('#audit-table tbody tr', (trs) =>
      (trs as HTMLTableRowElement[]).map((tr) => ({ action: tr.querySelector('.audit-action')?.getAttribute('data-action') ?? '', label: tr.cells[3]?.textContent ?? '', detail: tr.cells[5]?.innerText ?? '' })),
    );
  const english = await rows();
  const row = (entries: typeof english, action: string) => entries.find((e) => e.action === action);
  t.equal(row(english, 'auth.login_failed')?.label, 'Failed sign-in attempt', 'a failed sign-in in words');
  t.equal(row(english, 'case.decrypt')?.label, 'Case opened', 'opening a case in words, not case.decrypt');
  t.equal(row(english, 'case.transition')?.detail, 'Status: New → Acknowledged', 'a status change reads as one line, in words');
  t.match(row(english, 'case.update')?.detail ?? '', /Assignee: Бекзат Омаров \(bekzat\)/, 'an assignee by name, not by account id');
  const published = row(english, 'directory.publish')?.detail ?? '';
  t.match(published, /^Directory version 2$/m, 'the directory’s version');
  t.match(published, /^Keys certified: Айгүл Сейітова \(aigul\), Бекзат Омаров \(bekzat\)$/m, 'and whose keys it certified, by name');
  t.notMatch(row(english, 'invitation.create')?.detail ?? '', /region-75/, 'groups by name, not by id');
  t.same(
    english.filter((e) => e.label === e.action),
    [],
    'every action the server wrote has a label',
  );
  t.same(
    english.filter((e) => /[{}"]/.test(e.detail)),
    [],
    'no detail is shown as JSON',
  );
  await axe(t, page, 'audit log (en)');

  await switchLanguage(page, 'ru', '#audit-table');
  await page.waitForFunction(() => document.documentElement.lang === 'ru' && document.querySelector('#audit-table [data-action="case.decrypt"]')?.textContent === 'Обращение открыто', undefined, {
    timeout: 30_000,
  });
  const russian = await rows();
  t.equal(row(russian, 'case.transition')?.label, 'Изменён статус', 'in Russian');
  t.match(row(russian, 'case.transition')?.detail ?? '', /^Статус: .+ → .+$/, 'with the statuses in Russian');
  t.notMatch(row(russian, 'case.transition')?.detail ?? '', /New|Acknowledged/, 'and no English left');
  await axe(t, page, 'audit log (ru)');
  t.same(errors, [], 'no page error');
});
