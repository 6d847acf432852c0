// The reporter site in real Chromium against the real server process: a report in Russian through
// the page, its code, its status; the keyboard, a narrow screen, accessibility, quick exit,
// WebAssembly off, tampered assets and refused keys.
import t from 'tap';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deriveLookupId, deriveReporterKeyPair, generateCaseCode, keyFingerprint, openReport, toBase64Url, type KeyPair } from '../../crypto/index.ts';
import { launchChromium, seriousAccessibilityViolations } from '../helpers/browser.ts';
import type { Inspector } from '../helpers/fixtures.ts';
import { seedDataDir } from '../helpers/seed.ts';
import { startServer, type ServerProcess } from '../helpers/server-process.ts';

const exitUrl = 'https://www.google.com/';
// Real proof of work, a WebAssembly-less browser and a page that checks its organisation key
// before it sends: on a busy machine this file takes longer than tap's 120 s default.
t.setTimeout(300_000);
const marker = 'BRWSRMARKER';

let server: ServerProcess;
let browser: Browser;
let inspector: Inspector;
let organisation: KeyPair;
let databasePath: string;
let dataDir: string;

t.before(async () => {
  dataDir = join(mkdtempSync(join(tmpdir(), 'qauipsiz-browser-')), 'data');
  ({ inspector, databasePath, organisation } = await seedDataDir(dataDir, ['region-75']));
  server = await startServer(dataDir, {}); // the default proof-of-work difficulty: the page solves real puzzles
  browser = await launchChromium();
});
t.teardown(async () => {
  await browser?.close();
  await server?.stop();
});

type Watched = { page: Page; context: BrowserContext; foreign: string[]; cspViolations: string[]; errors: string[]; apiCalls: string[] };

async function open(options: { locale?: string; width?: number; browser?: Browser; init?: () => void } = {}): Promise<Watched> {
  const context = await (options.browser ?? browser).newContext({ locale: options.locale ?? 'ru-RU', viewport: { width: options.width ?? 1280, height: 800 } });
  const page = await context.newPage();
  const watched: Watched = { page, context, foreign: [], cspViolations: [], errors: [], apiCalls: [] };
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith(server.publicUrl)) {
      if (url.includes('/api/')) watched.apiCalls.push(`${request.method()} ${new URL(url).pathname}`);
    } else if (!url.startsWith(exitUrl) && !url.startsWith('data:')) watched.foreign.push(url);
  });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) watched.cspViolations.push(message.text());
  });
  page.on('pageerror', (error) => watched.errors.push(error.message));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.log(`Content Security Policy violation: ${e.violatedDirective}`));
  });
  if (options.init) await page.addInitScript(options.init);
  await page.route(`${exitUrl}**`, (route) => route.fulfill({ contentType: 'text/html', body: '<title>elsewhere</title>' }));
  await page.goto(`${server.publicUrl}/`);
  await page.waitForSelector('#home-report');
  // Opened without a poster link: the page sends only once the reporter has been shown the
  // organisation key's fingerprint (test/browser/trust-reporter.test.ts).
  await page.waitForSelector('#organisation-fingerprint', { timeout: 60_000 });
  return watched;
}

async function fillReport(page: Page, what: string): Promise<void> {
  await page.click('#home-report');
  // Region and category first: the rest of the form opens once the page knows who will read it.
  await page.selectOption('#region', '75');
  await page.selectOption('#category', 'concealed_injury.recorded_as_domestic');
  await page.selectOption('#industry', 'F');
  await page.selectOption('#year', String(new Date().getFullYear() - 1));
  await page.selectOption('#month', '03');
  await page.fill('#employer', `ТОО ${marker} Құрылыс`);
  await page.fill('#where', `${marker} участок 4`);
  await page.fill('#what', what);
  await page.fill('#who', `${marker} двое монтажников`);
}

async function sendAndReadCode(page: Page): Promise<string> {
  await page.click('#send');
  await page.waitForSelector('.code', { timeout: 60_000 });
  return ((await page.textContent('.code')) ?? '').replace(/\s/g, '');
}

/** Decrypts what the server stored for a code, as the inspector and as the reporter. */
function openStored(code: string) {
  const db = new Database(databasePath, { readonly: true });
  try {
    const lookupRows = db.prepare('select r.id, r.region, r.industry, r.category from reports r').all() as { id: string; region: string; industry: string; category: string }[];
    for (const row of lookupRows) {
      const content = (db.prepare("select ciphertext from report_fields where report_id = ? and field = 'content'").get(row.id) as { ciphertext: Buffer }).ciphertext;
      const contact = (db.prepare("select ciphertext from report_fields where report_id = ? and field = 'contact'").get(row.id) as { ciphertext: Buffer } | undefined)?.ciphertext ?? null;
      const reporter = db.prepare('select salt, wrap from reporter_keys where report_id = ?').get(row.id) as { salt: Buffer; wrap: Buffer };
      let byReporter;
      try {
        byReporter = openReport({ reportId: row.id, content, contact, wrap: reporter.wrap, keyPair: deriveReporterKeyPair(code, reporter.salt) });
      } catch {
        continue; // another report: this code's key does not open it
      }
      const wrap = (db.prepare('select wrap from report_key_wraps where report_id = ? and recipient_id = ?').get(row.id, inspector.id) as { wrap: Buffer }).wrap;
      return { row, byReporter, byInspector: openReport({ reportId: row.id, content, contact, wrap, keyPair: inspector.keys }) };
    }
    return null;
  } finally {
    db.close();
  }
}

t.test('a worker reports in Russian through the page, keeps the code and checks the status', async (t) => {
  const { page, context, foreign, cspViolations, errors, apiCalls } = await open({ locale: 'ru-RU', width: 390 });
  t.teardown(() => context.close());
  t.equal(await page.getAttribute('html', 'lang'), 'ru', 'Russian from the browser language');
  t.match(await page.textContent('main'), /зашифровано на этом телефоне|шифру/i, 'the first screen says what happens to the data');
  // Opened by its address alone (no poster link, no key built in): the organisation key's
  // fingerprint is on the first screen, with where to compare it, before anything is written.
  await page.waitForSelector('#organisation-fingerprint');
  t.equal(await page.textContent('#organisation-fingerprint'), keyFingerprint(organisation.publicKey), 'the organisation key fingerprint is shown');
  t.match(await page.textContent('#organisation-key'), /плакат/, 'with where to compare it');

  const what = `${marker}: рабочий упал с лесов, мастер велел сказать, что это случилось дома.`;
  await fillReport(page, what);
  await page.check('#wants-contact');
  await page.fill('#name', `${marker} Айгүл`);
  await page.fill('#contact', '+7 700 000 00 00');
  const code = await sendAndReadCode(page);
  t.match(code, /^\d{28}$/, 'a 28-digit code');
  t.match(await page.textContent('main'), /Ваше сообщение принято/);
  t.match(await page.textContent('main'), /Дата приёма: \d{1,2} [а-я]+ \d{4}/, 'the received day, in Russian');

  const stored = openStored(code);
  t.ok(stored, 'the report is stored and the code\'s key opens it');
  t.equal(stored?.byInspector.content.what, what, 'the inspector reads what the worker wrote');
  t.equal(stored?.byInspector.content.language, 'ru');
  t.equal(stored?.byInspector.content.happened, `${new Date().getFullYear() - 1}-03`);
  t.same(stored?.byInspector.contact, { name: `${marker} Айгүл`, contact: '+7 700 000 00 00' });
  t.same(stored && [stored.row.region, stored.row.industry, stored.row.category], ['75', 'F', 'concealed_injury.recorded_as_domestic']);

  // The code must be confirmed as written down before the page moves on.
  await page.click('#code-done');
  t.ok(await page.isVisible('.code'), 'Done without the checkbox keeps the code on screen');
  await page.check('#code-confirm');
  await page.click('#code-done');
  await page.waitForSelector('#home-report');
  t.equal(page.url(), `${server.publicUrl}/`, 'the URL never changed');
  t.same(await context.cookies(), [], 'no cookies');
  t.same(await page.evaluate(() => [localStorage.length, sessionStorage.length]), [0, 0], 'no storage');

  // Check my case: a typo is caught before any request; the real code shows the status.
  await page.click('#home-check');
  const callsBefore = apiCalls.length;
  const typo = code.slice(0, 5) + String((Number(code[5]) + 1) % 10) + code.slice(6);
  await page.fill('#case-code', typo);
  await page.click('#check-submit');
  await page.waitForSelector('#case-code-error:not([hidden])');
  t.match(await page.textContent('#case-code-error'), /опечатка/);
  t.equal(apiCalls.length, callsBefore, 'no request for a mistyped code');

  await page.fill('#case-code', code.replace(/(\d{4})(?=\d)/g, '$1 '));
  await page.click('#check-submit');
  await page.waitForSelector('#check-result');
  t.match(await page.textContent('#check-result'), /Принято\. Ожидает, пока его прочтёт инспектор\./, 'status "new" in Russian');
  t.match(await page.textContent('#check-result'), /Дата приёма: \d{1,2} [а-я]+ \d{4}/);
  t.same(
    [...apiCalls].sort(),
    ['GET /api/v1/challenge', 'GET /api/v1/challenge', 'GET /api/v1/directory', 'POST /api/v1/certificates', 'POST /api/v1/reports', 'POST /api/v1/status'],
    'the page made only these calls: the directory, a puzzle and the group’s certificates, the report, a puzzle and the status',
  );

  await page.fill('#case-code', generateCaseCode());
  await page.click('#check-submit');
  await page.waitForFunction(() => /нет/.test(document.getElementById('case-code-error')?.textContent ?? ''));
  t.pass('an unknown but well-formed code: "no case with this code"');

  t.same(foreign, [], 'no request to another origin');
  t.same(cspViolations, [], 'no CSP violation');
  t.same(errors, [], 'no page error');

  // Nothing the worker typed, nor the code, is in DATA_DIR or the server's log.
  const storedBytes = Buffer.concat(readdirSync(dataDir).map((f) => join(dataDir, f)).filter((p) => statSync(p).isFile()).map((p) => readFileSync(p)));
  for (const needle of [marker, code, toBase64Url(deriveLookupId(code))]) {
    t.notOk(storedBytes.includes(Buffer.from(needle)), `DATA_DIR does not contain ${needle.slice(0, 12)}…`);
    t.notOk(server.output().includes(needle), `the log does not contain ${needle.slice(0, 12)}…`);
  }
});

t.test('every reporter page passes axe-core without serious or critical violations', async (t) => {
  for (const locale of ['kk-KZ', 'ru-RU', 'en-GB']) {
    const { page, context } = await open({ locale, width: 320 });
    const views: [string, () => Promise<unknown>][] = [
      ['home', async () => undefined],
      ['empty form', () => page.click('#home-report')],
      [
        'form open for Almaty',
        async () => {
          await page.selectOption('#region', '75');
          await page.selectOption('#category', 'missing_ppe');
          await page.waitForSelector('#send', { state: 'visible' });
        },
      ],
      ['form with errors', () => page.click('#send')],
    ];
    for (const [name, step] of views) {
      await step();
      t.same(await seriousAccessibilityViolations(page), [], `${locale} ${name}`);
    }
    await context.close();
  }
  const { page, context } = await open({ locale: 'kk-KZ', width: 320 });
  t.teardown(() => context.close());
  await fillReport(page, `${marker} axe`);
  const code = await sendAndReadCode(page);
  t.same(await seriousAccessibilityViolations(page), [], 'kk code view');
  await page.check('#code-confirm');
  await page.click('#code-done');
  await page.click('#home-check');
  t.same(await seriousAccessibilityViolations(page), [], 'kk check view');
  await page.fill('#case-code', code);
  await page.click('#check-submit');
  await page.waitForSelector('#check-result');
  t.same(await seriousAccessibilityViolations(page), [], 'kk status result');
});

t.test('a narrow phone screen and the keyboard alone are enough', async (t) => {
  const { page, context } = await open({ locale: 'en-GB', width: 320 });
  t.teardown(() => context.close());
  t.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 320, 'no sideways scrolling on the home screen');
  const order: string[] = [];
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    order.push(await page.evaluate(() => document.activeElement?.id || document.activeElement?.className || ''));
  }
  t.same(order, ['quick-exit', 'language-kk', 'language-ru', 'language-en', 'home-report', 'home-check'], 'tab order');
  t.equal(await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle), 'solid', 'focus is visible');

  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#region');
  t.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 320, 'no sideways scrolling on the form');
  // Fill the whole form from the keyboard.
  const type = async (id: string, text: string) => {
    await page.focus(id);
    await page.keyboard.type(text);
  };
  await page.keyboard.press('Tab');
  t.equal(await page.evaluate(() => document.activeElement?.id), 'region', 'Tab from the heading reaches Region');
  for (const [id, value] of [['#region', '75'], ['#category', 'missing_ppe'], ['#industry', 'F']] as const) {
    await page.focus(id);
    await page.selectOption(id, value); // a select is operated with the arrow keys; selectOption sends the same change
  }
  await type('#what', `${marker} keyboard report`);
  await page.focus('#send');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.code', { timeout: 60_000 });
  await page.focus('#code-confirm');
  await page.keyboard.press('Space');
  await page.focus('#code-done');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#home-report');
  t.pass('reported from the keyboard');
});

t.test('quick exit replaces the page and leaves nothing to go back to', async (t) => {
  const { page, context } = await open({ locale: 'en-GB' });
  t.teardown(() => context.close());
  await fillReport(page, `${marker} exit`);
  const historyLength = await page.evaluate(() => history.length);
  await page.click('.quick-exit');
  await page.waitForURL(`${exitUrl}**`);
  t.equal(await page.evaluate(() => history.length), historyLength, 'the page was replaced, not added to');
  await page.goBack().catch(() => undefined);
  t.notOk(page.url().startsWith(server.publicUrl), 'Back does not return to the report');

  const second = await open({ locale: 'en-GB' });
  t.teardown(() => second.context.close());
  await second.page.keyboard.press('Escape');
  await second.page.keyboard.press('Escape');
  await second.page.waitForURL(`${exitUrl}**`);
  t.pass('Escape twice leaves too');
});

t.test('without WebAssembly the page encrypts with the JavaScript build and never sends clear text', async (t) => {
  const noWasm = await launchChromium(['--js-flags=--jitless']);
  t.teardown(() => noWasm.close());
  const { page, context, foreign, cspViolations } = await open({ browser: noWasm, locale: 'kk-KZ', width: 320 });
  t.teardown(() => context.close());
  t.equal(await page.evaluate(() => typeof WebAssembly), 'undefined', 'WebAssembly is off');
  const posted: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST') posted.push(r.postData() ?? '');
  });
  await fillReport(page, `${marker} no wasm`);
  const code = await sendAndReadCode(page);
  const stored = openStored(code);
  t.equal(stored?.byInspector.content.what, `${marker} no wasm`, 'decrypts: same primitives');
  t.equal(stored?.byInspector.content.language, 'kk');
  t.notOk(posted.some((body) => body.includes(marker)), 'nothing in clear left the browser');
  const resources = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
  const manifest = JSON.parse(readFileSync(new URL('../../web/dist/reporter/bundle-manifest.json', import.meta.url), 'utf8')) as { paths: Record<string, { files: string[] }> };
  const wasmBuild = manifest.paths.report?.files.find((f) => /libsodium/.test(f));
  const asmBuild = manifest.paths.noWasm?.files.find((f) => /libsodium/.test(f));
  t.ok(asmBuild && resources.some((r) => r.endsWith(asmBuild)), 'the asm.js build was loaded');
  t.notOk(wasmBuild && resources.some((r) => r.endsWith(wasmBuild)), 'the WebAssembly build was not');
  t.same([...foreign, ...cspViolations], []);
});

t.test('certificates that do not verify, or nobody to receive: the page refuses and sends nothing', async (t) => {
  const { page, context, apiCalls } = await open({ locale: 'en-GB' });
  t.teardown(() => context.close());
  await fillReport(page, `${marker} refused`);
  await page.route('**/api/v1/certificates*', async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    // Change one character in the middle of the certificate, always to a different one.
    const certificate: string = body.certificates[0];
    const middle = Math.floor(certificate.length / 2);
    body.certificates[0] = `${certificate.slice(0, middle)}${certificate[middle] === 'A' ? 'B' : 'A'}${certificate.slice(middle + 1)}`;
    await route.fulfill({ response, json: body });
  });
  await page.click('#send');
  await page.waitForFunction(() => /could not be verified/.test(document.getElementById('send-error')?.textContent ?? ''));
  t.notOk(apiCalls.includes('POST /api/v1/reports'), 'an altered certificate: nothing posted');
  await page.unroute('**/api/v1/certificates*');

  const callsBefore = apiCalls.length;
  await page.selectOption('#region', '10'); // the signed directory lists nobody there, and nobody national
  await page.waitForSelector('#receivers-nobody');
  t.match(await page.textContent('#receivers-nobody'), /Nobody can receive reports from this region yet/);
  t.notOk(await page.isVisible('#send'), 'no Send: the rest of the form closes');
  t.same(apiCalls.slice(callsBefore), [], 'nobody to receive: decided from the signed directory, without a request');
});

t.test('a tampered script is blocked by Subresource Integrity', async (t) => {
  const context = await browser.newContext();
  t.teardown(() => context.close());
  const page = await context.newPage();
  await page.route('**/assets/index-*.js', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: `${await response.text()}\n;globalThis.tampered=1;` });
  });
  await page.goto(`${server.publicUrl}/`);
  await page.waitForTimeout(500);
  t.equal(await page.$('#home-report'), null, 'the page does not run');
  t.equal(await page.evaluate(() => 'tampered' in globalThis), false);
});

t.test('the language follows the browser and can be switched', async (t) => {
  for (const [locale, expected] of [['kk-KZ', 'kk'], ['ru-RU', 'ru'], ['en-GB', 'en'], ['de-DE', 'ru']] as const) {
    const { page, context } = await open({ locale });
    t.equal(await page.getAttribute('html', 'lang'), expected, `${locale} → ${expected}`);
    await context.close();
  }
  const { page, context } = await open({ locale: 'ru-RU' });
  t.teardown(() => context.close());
  await page.click('#language-kk');
  t.equal(await page.getAttribute('html', 'lang'), 'kk');
  t.equal(await page.getAttribute('#language-kk', 'aria-pressed'), 'true');
});
