// The inspector console in real Chromium against the real server process, from a fresh DATA_DIR:
// setup from the start log's link (a sign-in and an organisation passphrase), an invitation
// accepted in a second browser, the administrator certifying the inspector's key with the
// confirmation code read from the inspector's screen and signing the directory, a worker's report
// through the reporter page, the inspector reading it decrypted in the browser and working it to
// closed, and the worker seeing "closed".
// axe-core on every console screen; no request to another origin; no CSP violation.
import t, { type Test } from 'tap';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, seriousAccessibilityViolations } from '../helpers/browser.ts';
import { cheapPow, startServer, type ServerProcess } from '../helpers/server-process.ts';
import { postStatus, submitNewReport } from '../helpers/reporter-client.ts';
import { transitions, type CaseStatus } from '../../contract/domain.ts';
import { loadSodium, toBase64Url } from '../../crypto/index.ts';

const marker = 'CNSLMARKER';
const adminPassphrase = 'correct horse battery staple';
const organisationPassphrase = 'lantern quarry mosaic thimble orchard';
const inspectorPassphrase = 'жасыл алма терезе 2026';
const what = `${marker}: бетонщик упал с опалубки, мастер велел сказать, что травма бытовая.`;
const screenshots = process.env.QAUIPSIZ_SCREENSHOTS; // a folder, to look at the screens

// Argon2id in several browsers on a shared machine: more than tap's default two minutes.
t.setTimeout(360_000);

let server: ServerProcess;
let browser: Browser;
let setupUrl: string;

t.before(async () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'qauipsiz-console-')), 'data');
  server = await startServer(dataDir, cheapPow);
  const line = /Console setup: (\S+#setup=[A-Za-z0-9_-]+)/.exec(server.output());
  if (line?.[1] === undefined) throw new Error(`no setup link in the start log:\n${server.output()}`);
  setupUrl = line[1];
  browser = await launchChromium();
  // The test seals a second report itself, as the reporter page would.
  await loadSodium('standard');
});
t.teardown(async () => {
  await browser?.close();
  await server?.stop();
});

type Watched = { page: Page; context: BrowserContext; foreign: string[]; cspViolations: string[]; errors: string[] };

async function open(url: string, locale: string, origin: string): Promise<Watched> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const watched: Watched = { page, context, foreign: [], cspViolations: [], errors: [] };
  page.on('request', (request) => {
    const requested = request.url();
    if (!requested.startsWith(origin) && !requested.startsWith('data:')) watched.foreign.push(requested);
  });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) watched.cspViolations.push(message.text());
  });
  page.on('pageerror', (error) => watched.errors.push(error.message));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.log(`Content Security Policy violation: ${e.violatedDirective}`));
  });
  await page.goto(url);
  return watched;
}

async function axe(t: Test, page: Page, name: string): Promise<void> {
  t.same(await seriousAccessibilityViolations(page), [], `axe: ${name}`);
  if (screenshots) await page.screenshot({ path: join(screenshots, `${name.replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true });
}

/** The statuses the case view offers to move to, in the order it shows them. */
async function offeredTransitions(page: Page): Promise<string[]> {
  return page.$$eval('button[id^="transition-"]', (buttons) => buttons.map((b) => b.id.slice('transition-'.length)));
}

/** The console offers exactly the moves the workflow (contract/domain.ts) allows from `status`. */
async function offersWorkflow(t: Test, page: Page, status: CaseStatus): Promise<void> {
  t.same(await offeredTransitions(page), transitions[status], `from ${status} the console offers ${transitions[status].join(', ') || 'nothing'}`);
}

/** Moves the open case to `to`, waits for its status to read `status`, and checks what is offered next. */
async function moveCase(t: Test, page: Page, to: CaseStatus, status: RegExp): Promise<void> {
  await page.click(`#transition-${to}`);
  await page.waitForFunction((pattern) => new RegExp(pattern).test(document.getElementById('case-status')?.textContent ?? ''), status.source, { timeout: 30_000 });
  await offersWorkflow(t, page, to);
}

async function clean(t: Test, watched: Watched, who: string): Promise<void> {
  t.same(watched.foreign, [], `${who}: no request to another origin`);
  t.same(watched.cspViolations, [], `${who}: no CSP violation`);
  t.same(watched.errors, [], `${who}: no page error`);
}

t.test('setup, invitation, signature, a report decrypted and closed, the worker sees it', async (t) => {
  const consoleOrigin = server.consoleUrl;

  // --- Setup, from the link in the start log ---
  const admin = await open(setupUrl, 'en-GB', consoleOrigin);
  t.teardown(() => admin.context.close());
  const a = admin.page;
  await a.waitForSelector('#setup-form');
  t.equal(new URL(a.url()).hash, '', 'the setup token is removed from the address bar');
  await axe(t, a, 'setup form');
  await a.click('#setup-submit');
  t.equal(await a.getAttribute('#setup-organisation', 'aria-invalid'), 'true', 'empty form: fields marked invalid');
  await a.fill('#setup-organisation', 'Labour inspectorate (test)');
  await a.fill('#setup-username', 'admin');
  await a.fill('#setup-display-name', 'Test Administrator');
  await a.fill('#setup-passphrase', adminPassphrase);
  await a.fill('#setup-passphrase-repeat', 'something else entirely');
  await a.fill('#setup-org-passphrase', organisationPassphrase);
  await a.fill('#setup-org-passphrase-repeat', organisationPassphrase);
  await a.click('#setup-submit');
  await a.waitForFunction(() => !(document.getElementById('setup-passphrase-repeat-error')?.hidden ?? true), undefined, { timeout: 30_000 });
  t.match(await a.textContent('#setup-passphrase-repeat-error'), /differ/, 'passphrases must match');
  await a.fill('#setup-passphrase-repeat', adminPassphrase);
  await a.click('#setup-submit');
  await a.waitForSelector('#recovery-key', { timeout: 60_000 });
  const recoveryKey = ((await a.textContent('#recovery-key')) ?? '').replace(/\s/g, '');
  t.match(recoveryKey, /^[0-9A-HJKMNP-TV-Z]{65}$/, 'the recovery private key is shown as the paper code: 13 groups of 5 characters without look-alikes');
  t.match(await a.textContent('#org-fingerprint'), /^[0-9a-f]{4}( [0-9a-f]{4}){9}$/, 'the organisation key fingerprint');
  await axe(t, a, 'setup recovery key');
  await a.click('#setup-finish');
  t.notOk(await a.isHidden('#recovery-confirm-error'), 'cannot continue without confirming the recovery key is stored');
  await a.check('#recovery-confirm');
  await a.click('#setup-finish');
  await a.waitForSelector('#invite-create-form', { timeout: 30_000 });
  t.pass('the administrator is signed in after setup');
  t.notOk(server.output().includes(recoveryKey), 'the recovery key is not in the server log');
  await axe(t, a, 'admin accounts');

  // --- Invite an inspector for the region-75 group ---
  await a.selectOption('#invite-role', 'inspector');
  await a.fill('#invite-display-name', 'Айгүл Инспектор');
  await a.check('#invite-group-region-75');
  await a.click('#invite-create');
  await a.waitForSelector('#invite-link');
  const invitationUrl = await a.inputValue('#invite-link');
  t.match(invitationUrl, /#invite=[A-Za-z0-9_-]+&org=[A-Za-z0-9_-]{43}$/, 'an invitation link with the token and the organisation key in the fragment');
  await axe(t, a, 'admin invitation link');

  // --- The inspector accepts in another browser context (Russian) ---
  const inspector = await open(invitationUrl, 'ru-RU', consoleOrigin);
  t.teardown(() => inspector.context.close());
  const i = inspector.page;
  await i.waitForSelector('#invite-form');
  t.match(await i.textContent('#invite-summary'), /Айгүл Инспектор/, 'who is invited');
  t.match(await i.textContent('#invite-summary'), /инспектор/, 'for what role');
  await axe(t, i, 'invitation');
  await i.fill('#invite-username', 'aigul');
  await i.fill('#invite-passphrase', inspectorPassphrase);
  await i.fill('#invite-passphrase-repeat', inspectorPassphrase);
  await i.click('#invite-submit');
  await i.waitForSelector('#queue-filters, #invite-error:not([hidden]), main .alert', { timeout: 60_000 });
  t.equal(await i.$('#invite-error:not([hidden])'), null, 'accepted without error');
  t.match(await i.textContent('#key-awaiting'), /подписи администратора/, 'the inspector is told the key awaits a signature');
  await axe(t, i, 'inspector queue awaiting signature');

  // --- The inspector reads the key confirmation code from their own screen ---
  await i.click('#nav-account');
  await i.waitForSelector('#my-key-code', { timeout: 30_000 });
  const keyCode = (await i.textContent('#my-key-code')) ?? '';
  t.match(keyCode, /^\d{4} \d{4} \d{4}$/, 'the inspector sees a 12-digit key confirmation code');
  t.match(await i.textContent('#my-fingerprint'), /^[0-9a-f]{4}( [0-9a-f]{4}){9}$/, 'and the fingerprint of the key computed in the browser');
  await axe(t, i, 'inspector my account');

  // --- The administrator types the code, and signs the directory with the organisation passphrase ---
  await a.click('#nav-accounts');
  await a.waitForSelector('#sign-form');
  t.ok(await a.$('#directory-warning'), 'the accounts screen warns that the directory needs signing');
  t.equal(await a.inputValue('#sign-list input'), '', 'the code field starts empty');
  await axe(t, a, 'admin sign the directory');
  await a.fill('#sign-list input', keyCode);
  await a.fill('#sign-passphrase', adminPassphrase);
  await a.click('#sign-submit');
  await a.waitForSelector('#sign-error:not([hidden])', { timeout: 30_000 });
  t.match(await a.textContent('#sign-error'), /Wrong passphrase/, 'the sign-in passphrase does not open the organisation key');
  await a.fill('#sign-passphrase', organisationPassphrase);
  await a.click('#sign-submit');
  await a.waitForSelector('#sign-none', { timeout: 30_000 });
  t.match(await a.textContent('#sign-done'), /version 2\b[\s\S]*keys certified: 1\b/, 'directory version 2 is published with the inspector certified');
  t.equal(await a.$('#directory-warning'), null, 'no warning once it is signed');
  t.match(await a.textContent('#accounts-table'), /aigul[\s\S]*signed/, 'the inspector\'s key is signed');

  // --- Every other admin screen passes axe ---
  for (const screen of ['groups', 'settings', 'audit', 'recovery', 'stats', 'poster', 'account'] as const) {
    await a.click(`#nav-${screen}`);
    await a.waitForSelector(`#nav-${screen}[aria-current="page"]`);
    await a.waitForFunction(() => document.querySelector('main h1') !== null && document.querySelector('main .loading') === null);
    await axe(t, a, `admin ${screen}`);
  }
  await a.click('#nav-audit');
  await a.waitForSelector('#audit-table');
  t.match(await a.textContent('#audit-table'), /Directory signed and published/, 'the publication is in the audit log, in words');

  // --- A worker reports on the reporter site (Russian), to region 75 ---
  const worker = await open(`${server.publicUrl}/`, 'ru-RU', server.publicUrl);
  t.teardown(() => worker.context.close());
  const w = worker.page;
  await w.route('https://www.google.com/**', (route) => route.fulfill({ contentType: 'text/html', body: '' }));
  await w.click('#home-report');
  // Region and category first: the rest of the form opens once the page knows someone can receive.
  await w.selectOption('#region', '75');
  await w.selectOption('#category', 'concealed_injury.recorded_as_domestic');
  await w.selectOption('#industry', 'F');
  await w.fill('#employer', `ТОО ${marker} Құрылыс`);
  await w.fill('#what', what);
  await w.check('#wants-contact');
  await w.fill('#name', `${marker} Ерлан`);
  await w.fill('#contact', '+7 700 111 22 33');
  await w.click('#send');
  await w.waitForSelector('.code', { timeout: 60_000 });
  const code = ((await w.textContent('.code')) ?? '').replace(/\s/g, '');
  await w.check('#code-confirm');
  await w.click('#code-done');

  // --- The inspector signs in again, opens the case, reads it decrypted, works it to closed ---
  await i.click('#logout');
  await i.waitForSelector('#login-form');
  t.match(await i.textContent('#login-notice'), /вышли/, 'signed out');
  await axe(t, i, 'login');
  await i.fill('#login-username', 'aigul');
  await i.fill('#login-passphrase', 'неверная фраза для проверки');
  await i.click('#login-submit');
  await i.waitForSelector('#login-error:not([hidden])', { timeout: 30_000 });
  t.match(await i.textContent('#login-error'), /Неверное имя пользователя или парольная фраза/, 'a wrong passphrase is refused');
  await axe(t, i, 'login error');
  await i.fill('#login-passphrase', inspectorPassphrase);
  await i.click('#login-submit');
  await i.waitForSelector('#queue-filters', { timeout: 60_000 });
  t.equal(await i.$('#key-awaiting'), null, 'no longer awaiting a signature');
  t.match(await i.textContent('#counter-new'), /^1\b/, 'one new case');
  await axe(t, i, 'inspector queue');
  t.same(
    // Only the public trust anchors web/console/memory.ts keeps (a fingerprint, a version number).
    await i.evaluate(() => [document.cookie, Object.keys(localStorage).filter((k) => !/^qauipsiz\.(anchor|directory-version)\./.test(k)).length, sessionStorage.length]),
    ['', 0, 0],
    'nothing in storage but the public trust anchors, the session cookie is HttpOnly',
  );

  await i.click('button[id^="open-"]');
  await i.waitForSelector('#case-what', { timeout: 30_000 });
  t.equal(await i.textContent('#case-what'), what, 'the inspector reads what the worker wrote, decrypted in the browser');
  t.match(await i.textContent('#case-language'), /русском/, 'with a note of the language it was written in');
  t.equal(await i.textContent('#case-contact'), '', 'contact details are not shown by default');
  await axe(t, i, 'case view');
  await i.click('#show-contact');
  await i.waitForFunction(() => /Ерлан/.test(document.getElementById('case-contact')?.textContent ?? ''));
  t.match(await i.textContent('#case-contact'), /\+7 700 111 22 33/, 'contact details after the explicit request');

  const step = (to: CaseStatus, status: RegExp) => moveCase(t, i, to, status);
  await offersWorkflow(t, i, 'new');
  await step('acknowledged', /Приём подтверждён/);
  t.pass('acknowledged');
  await i.fill('#note-text', `${marker} позвонить в инспекцию района`);
  await i.click('#note-add');
  await i.waitForFunction((m) => (document.getElementById('case-notes')?.textContent ?? '').includes(m), marker);
  t.pass('an internal note, encrypted in the browser, reads back');
  await i.selectOption('#case-severity', 'severe');
  await i.click('#triage-save');
  await i.waitForFunction(() => (document.getElementById('case-severity') as HTMLSelectElement | null)?.value === 'severe');
  await step('in_review', /На рассмотрении/);
  await step('inspection_planned', /Запланирована проверка/);
  await i.click('#transition-closed');
  t.notOk(await i.isHidden('#case-outcome-error'), 'closing needs an outcome');
  await i.selectOption('#case-outcome', 'resolved');
  await step('closed', /Закрыто/);
  await axe(t, i, 'case closed');
  t.notOk(server.output().includes(marker), 'nothing the worker wrote is in the server log');

  // --- The worker checks the case with the code ---
  await w.click('#home-check');
  await w.fill('#case-code', code);
  await w.click('#check-submit');
  await w.waitForSelector('#check-result');
  t.match(await w.textContent('#check-result'), /Работа по вашему сообщению завершена/, 'the worker sees "closed" in Russian');

  await clean(t, admin, 'admin');
  await clean(t, inspector, 'inspector');
  await clean(t, worker, 'worker');
});

t.test('the console language follows the browser and can be switched', async (t) => {
  for (const [locale, expected] of [['kk-KZ', 'kk'], ['ru-RU', 'ru'], ['en-US', 'en'], ['de-DE', 'ru']] as const) {
    const { page, context } = await open(`${server.consoleUrl}/`, locale, server.consoleUrl);
    await page.waitForSelector('#login-form');
    t.equal(await page.getAttribute('html', 'lang'), expected, `${locale} → ${expected}`);
    if (locale === 'kk-KZ') await axe(t, page, 'login kk');
    await context.close();
  }
  const { page, context } = await open(`${server.consoleUrl}/`, 'ru-RU', server.consoleUrl);
  t.teardown(() => context.close());
  await page.waitForSelector('#login-form');
  await page.click('#language-kk');
  t.equal(await page.getAttribute('html', 'lang'), 'kk');
  t.equal(await page.getAttribute('#language-kk', 'aria-pressed'), 'true');
  await page.keyboard.press('Tab');
  t.equal(await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle), 'solid', 'focus is visible');
});

t.test('an inspector works from the keyboard alone: sign in, open a case, read it', async (t) => {
  const { page, context } = await open(`${server.consoleUrl}/`, 'ru-RU', server.consoleUrl);
  t.teardown(() => context.close());
  await page.waitForSelector('#login-form');
  /** Presses Tab until the element matching `selector` has focus; fails if it is not reachable. */
  const tabTo = async (selector: string) => {
    for (let i = 0; i < 60; i++) {
      if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return true;
      await page.keyboard.press('Tab');
    }
    return false;
  };
  t.ok(await tabTo('#login-username'), 'the username field is reachable with Tab');
  await page.keyboard.type('aigul');
  t.ok(await tabTo('#login-passphrase'), 'then the passphrase');
  await page.keyboard.type(inspectorPassphrase);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#queue-filters', { timeout: 60_000 });
  t.ok(await tabTo('button[id^="open-"]'), 'a case in the queue is reachable with Tab');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#case-what', { timeout: 30_000 });
  t.equal(await page.textContent('#case-what'), what, 'opened and decrypted from the keyboard');
  t.ok(await tabTo('#show-contact'), 'the contact disclosure button is reachable too');
  t.equal(await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle), 'solid', 'and focus is visible');
});

t.test('a case found unfounded in review is closed from there, and the worker sees it closed', async (t) => {
  const report = await submitNewReport(server.publicUrl, { region: '75', category: 'concealed_injury.recorded_as_domestic' });
  t.equal(report.response.status, 201, 'a second report arrives');
  const { page, context } = await open(`${server.consoleUrl}/`, 'ru-RU', server.consoleUrl);
  t.teardown(() => context.close());
  await page.waitForSelector('#login-form');
  await page.fill('#login-username', 'aigul');
  await page.fill('#login-passphrase', inspectorPassphrase);
  await page.click('#login-submit');
  await page.waitForSelector('#queue-filters', { timeout: 60_000 });
  await page.click(`#open-${report.body.reportId}`);
  await page.waitForSelector('#case-what', { timeout: 30_000 });
  const step = (to: CaseStatus, status: RegExp) => moveCase(t, page, to, status);
  await offersWorkflow(t, page, 'new');
  await step('acknowledged', /Приём подтверждён/);
  await step('in_review', /На рассмотрении/);
  t.ok((await offeredTransitions(page)).includes('closed'), 'closing is offered straight from review');
  await page.selectOption('#case-outcome', 'unfounded');
  await step('closed', /Закрыто/);
  t.match(await page.textContent('#case-status'), /Закрыто/, 'closed');
  t.match(await page.$eval('#case-status', (status) => status.parentElement?.textContent ?? ''), /Не подтвердилось/, 'with the outcome "unfounded"');

  const status = await postStatus(server.publicUrl, toBase64Url(report.sealed.lookupId));
  t.equal(status.status, 200);
  t.equal(((await status.json()) as { status: string }).status, 'closed', 'the reporter’s status is closed, with no invented inspection or referral');
});
