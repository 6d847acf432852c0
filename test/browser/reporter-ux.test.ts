// What a worker meets on a 360 px phone (issue 11), in Kazakh and Russian (and English where cheap):
// who will read the report is known before anything is written, the unsent form survives a reload
// and nothing else, quick exit never lies over a control, the case code field shows all 28 digits,
// the code screen says when to come back, counts follow the language's plural rules, and the first
// screen says who reads the report. One server, one Chromium, cheap proof of work.
import t from 'tap';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certificateDigest, deriveReporterKeyPair, fromBase64Url, generateSigningKeyPair, issueCertificate, openReport, readDirectory, signDirectory, toBase64Url, type DirectoryClaim, type KeyPair } from '../../crypto/index.ts';
import { launchChromium, seriousAccessibilityViolations } from '../helpers/browser.ts';
import type { Inspector } from '../helpers/fixtures.ts';
import { seedDataDir } from '../helpers/seed.ts';
import { startServer, type ServerProcess } from '../helpers/server-process.ts';

t.setTimeout(180_000);
const exitUrl = 'https://www.google.com/';
const channel = { kk: 'Кәсіподақтың сенім телефоны:\n8 800 000 00 00', ru: 'Телефон доверия профсоюза:\n8 800 000 00 00', en: 'The union’s helpline:\n8 800 000 00 00' };

let server: ServerProcess;
let browser: Browser;
let organisation: KeyPair;
let inspector: Inspector;
let databasePath: string;

t.before(async () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'qauipsiz-reporter-ux-')), 'data');
  // One inspector, for Almaty (75): Karaganda (35), the national group and the anti-corruption group are empty.
  ({ databasePath, organisation, inspector } = await seedDataDir(dataDir, ['region-75']));
  server = await startServer(dataDir);
  browser = await launchChromium();
});
t.teardown(async () => {
  await browser?.close();
  await server?.stop();
});

type Opened = { page: Page; context: BrowserContext; dialogs: string[] };
type OpenOptions = { width?: number; touch?: boolean; context?: BrowserContext; directory?: (claim: DirectoryClaim) => DirectoryClaim; delayMs?: number };

/** The page at `width` px in `locale`, once it shows the organisation key; beforeunload warnings are counted and accepted. */
async function open(locale: string, options: OpenOptions = {}): Promise<Opened> {
  const touch = options.touch ?? false;
  const context = options.context ?? (await browser.newContext({ locale, viewport: { width: options.width ?? 360, height: 740 }, hasTouch: touch, isMobile: touch }));
  const page = await context.newPage();
  const opened: Opened = { page, context, dialogs: [] };
  page.on('dialog', (dialog) => {
    opened.dialogs.push(dialog.type());
    void dialog.accept();
  });
  await page.route(`${exitUrl}**`, (route) => route.fulfill({ contentType: 'text/html', body: '<title>elsewhere</title>' }));
  const { directory, delayMs = 0 } = options;
  if (directory !== undefined || delayMs > 0) {
    // The organisation signs another directory (the test holds its key): the page believes it as it would the real one.
    await page.route('**/api/v1/directory*', async (route) => {
      const response = await route.fetch();
      const real = (await response.json()) as { organisationKey: string; directory: string };
      const claim = readDirectory(fromBase64Url(real.directory), organisation.publicKey);
      if (claim === null) throw new Error('the served directory does not verify');
      const next = directory === undefined ? real.directory : toBase64Url(signDirectory(directory(claim), organisation.privateKey));
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      await route.fulfill({ response, json: { ...real, directory: next } });
    });
  }
  await page.goto(`${server.publicUrl}/`);
  await page.waitForSelector('#home-report, #report-title');
  if (delayMs === 0) await page.waitForSelector('#organisation-fingerprint', { timeout: 60_000 });
  return opened;
}

async function choose(page: Page, region: string, category: string): Promise<void> {
  await page.selectOption('#region', region);
  await page.selectOption('#category', category);
}

const text = async (page: Page, selector: string) => (await page.textContent(selector))?.replace(/\s+/g, ' ').trim() ?? '';

/** The content the inspector would read for `code`, opened with the code's key as the reporter's own copy. */
function storedContent(code: string) {
  const db = new Database(databasePath, { readonly: true });
  try {
    for (const { id } of db.prepare('select id from reports').all() as { id: string }[]) {
      const content = (db.prepare("select ciphertext from report_fields where report_id = ? and field = 'content'").get(id) as { ciphertext: Buffer }).ciphertext;
      const reporter = db.prepare('select salt, wrap from reporter_keys where report_id = ?').get(id) as { salt: Buffer; wrap: Buffer };
      try {
        return openReport({ reportId: id, content, contact: null, wrap: reporter.wrap, keyPair: deriveReporterKeyPair(code, reporter.salt) }).content;
      } catch {
        // another report: this code's key does not open it
      }
    }
    return null;
  } finally {
    db.close();
  }
}

t.test('1. region and category first: who will read it, or nobody and where to turn, before anything is written', async (t) => {
  const ru = await open('ru-RU');
  t.teardown(() => ru.context.close());
  const { page } = ru;
  await page.click('#home-report');
  t.notOk(await page.isVisible('#what'), 'nothing to write before region and category');
  t.notOk(await page.isVisible('#send'), 'nothing to send either');

  await choose(page, '75', 'missing_ppe');
  await page.waitForSelector('#what', { state: 'visible' });
  t.match(await text(page, '#receivers'), /Ваше сообщение прочитают инспекторы организации по вашему региону, но не ваш работодатель\./, 'Almaty: the region’s inspectors');
  t.same(await seriousAccessibilityViolations(page), [], 'ru: the open form passes axe-core');

  await page.selectOption('#region', '35');
  await page.waitForSelector('#receivers-nobody');
  t.match(await text(page, '#receivers-nobody'), /По этому региону пока некому принимать сообщения/, 'Karaganda: nobody, said before writing');
  t.match(await text(page, '#receivers-fallback'), /государственную инспекцию труда/, 'no channel signed: the fallback next step');
  t.notOk(await page.isVisible('#what'), 'the rest of the form closes');
  t.ok(await page.isVisible('#report-back-closed'), 'Back stays');
  t.same(await seriousAccessibilityViolations(page), [], 'ru: nobody to receive passes axe-core');

  // Corruption of an inspector in Almaty: Almaty has an inspector, but only the (empty) anti-corruption group may receive it.
  await choose(page, '75', 'inspector_corruption');
  await page.waitForFunction(() => /антикоррупционным/.test(document.getElementById('receivers-nobody')?.textContent ?? ''));
  t.match(await text(page, '#receivers-nobody'), /Сообщения такого вида пока некому принять: они идут только антикоррупционным инспекторам/, 'the exclusive wording, not the region’s');
  t.match(await text(page, '#receivers-fallback'), /Агентство по противодействию коррупции/);
  t.notOk(await page.isVisible('#what'));

  // The organisation signs its alternative channel and a national group.
  const kk = await open('kk-KZ', { directory: (claim) => ({ ...claim, version: claim.version + 1, channel, members: { ...claim.members, national: claim.members['region-75'] ?? [] } }) });
  t.teardown(() => kk.context.close());
  await kk.page.click('#home-report');
  await choose(kk.page, '35', 'missing_ppe');
  await kk.page.waitForSelector('#what', { state: 'visible' });
  t.match(await text(kk.page, '#receivers'), /Хабарламаңызды ұйымның республикалық инспекторлар тобы оқиды/, 'kk: Karaganda falls back to the national group');
  await kk.page.selectOption('#category', 'inspector_corruption');
  await kk.page.waitForSelector('#receivers-channel');
  t.match(await text(kk.page, '#receivers-nobody'), /тек сыбайлас жемқорлыққа қарсы инспекторларға түседі/, 'kk: the exclusive wording');
  t.equal(await kk.page.textContent('#receivers-channel'), channel.kk, 'the organisation’s channel in Kazakh, as plain text');
  t.equal(await kk.page.$eval('#receivers-channel', (element) => getComputedStyle(element).whiteSpace), 'pre-line', 'its line breaks kept');
  t.notOk(await kk.page.isVisible('#what'));
  t.same(await seriousAccessibilityViolations(kk.page), [], 'kk: the channel passes axe-core');
  await kk.page.click('#language-en');
  t.equal(await kk.page.textContent('#receivers-channel'), channel.en, 'and in English after a switch');

  // While the directory is still being checked, the page says so.
  const slow = await open('kk-KZ', { delayMs: 2000 });
  t.teardown(() => slow.context.close());
  await slow.page.click('#home-report');
  await choose(slow.page, '75', 'missing_ppe');
  t.match(await text(slow.page, '#receivers'), /Хабарламаларды кім қабылдай алатыны тексерілуде/, 'kk: checking');
  t.notOk(await slow.page.isVisible('#what'));
  await slow.page.waitForSelector('#what', { state: 'visible', timeout: 60_000 });
  t.match(await text(slow.page, '#receivers'), /Хабарламаңызды ұйымның сіздің өңіріңіз бойынша инспекторлары оқиды/);
});

t.test('1. when the organisation moves reports of this kind to another group while one is being sent, the page says so and sends nothing', async (t) => {
  // The inspector of Almaty is certified for the national group too; once the server answers that the
  // recipients changed, the directory lists Almaty's group empty and that certificate in the national group.
  const nationalCertificate = issueCertificate(
    { accountId: inspector.id, boxKey: inspector.keys.publicKey, signKey: inspector.signingKeys!.publicKey, role: 'inspector', groups: ['national'], issuedDay: '2026-12-01' },
    organisation.privateKey,
  );
  let posts = 0;
  const moved = (claim: DirectoryClaim): DirectoryClaim =>
    posts === 0 ? claim : { ...claim, version: claim.version + 1, members: { ...claim.members, 'region-75': [], national: [certificateDigest(nationalCertificate)] } };
  const { page, context } = await open('ru-RU', { directory: moved });
  t.teardown(() => context.close());
  await page.route('**/api/v1/certificates*', async (route) => {
    const asked = (route.request().postDataJSON() as { group: string }).group;
    if (asked === 'national') await route.fulfill({ json: { certificates: [toBase64Url(nationalCertificate)] } });
    else await route.fallback();
  });
  await page.route('**/api/v1/reports*', async (route) => {
    posts++;
    if (posts === 1) await route.fulfill({ status: 422, json: { error: { code: 'report.recipients_changed', message: 'The recipients changed' } } });
    else await route.fallback();
  });
  await page.click('#home-report');
  await choose(page, '75', 'missing_ppe');
  await page.waitForSelector('#report-rest:not([hidden]) #what, #what', { state: 'visible', timeout: 60_000 });
  t.match(await text(page, '#receivers'), /инспектор/i, 'before: the inspectors of the region read it');
  const before = await text(page, '#receivers');
  await page.selectOption('#industry', 'F');
  await page.fill('#what', 'Леса без ограждения');
  await page.click('#send');
  await page.waitForSelector('#send-error', { timeout: 60_000 });
  t.match(await text(page, '#send-error'), /изменила, кто получает/, 'the worker is told the recipients changed, and nothing was sent');
  t.equal(posts, 1, 'the report was not sent to the other group');
  t.not(await text(page, '#receivers'), before, 'who will read it is said anew, from the refreshed directory');
  t.equal(await page.inputValue('#what'), 'Леса без ограждения', 'the text is still there');
});

t.test('2. the unsent form lives as long as the tab: a reload keeps it, quick exit, a sent report and a new tab do not', async (t) => {
  const marker = 'Ленты нет, леса шатаются';
  const { page, context, dialogs } = await open('ru-RU');
  t.teardown(() => context.close());
  await page.click('#home-report');
  await choose(page, '75', 'missing_ppe');
  await page.fill('#what', marker);
  await page.waitForTimeout(400); // past the keeping delay
  await page.reload();
  t.same(dialogs, ['beforeunload'], 'leaving with unsent text is warned about');
  await page.waitForSelector('#what', { state: 'visible', timeout: 60_000 });
  t.equal(await page.inputValue('#what'), marker, 'a reload brings back the words');
  t.equal(await page.inputValue('#region'), '75', 'and the choices');
  t.same(await page.evaluate(() => [localStorage.length, document.cookie, location.hash, history.state]), [0, '', '', null], 'nowhere else: no localStorage, cookie, URL or history state');

  // Typed just before leaving, without a pause: kept as the page goes (pagehide). Who the worker is
  // (name, contact) is never kept: reopening a closed tab would bring it back.
  await page.fill('#where', 'Участок 4');
  await page.check('#wants-contact');
  await page.fill('#name', 'Ерлан Сапаров');
  await page.fill('#contact', '+7 700 555 44 33');
  await page.reload();
  await page.waitForSelector('#where', { state: 'visible', timeout: 60_000 });
  t.equal(await page.inputValue('#where'), 'Участок 4', 'what was typed last is back too');
  t.same([await page.isChecked('#wants-contact'), await page.inputValue('#name'), await page.inputValue('#contact')], [false, '', ''], 'name and contact are not brought back');
  const kept = await page.evaluate(() => Object.values(sessionStorage).join(' '));
  t.notMatch(kept, /Ерлан|555 44 33/, 'nor kept in the tab\'s storage');

  // A second tab of the same browser has its own, empty, form.
  const other = await open('ru-RU', { context });
  t.ok(await other.page.isVisible('#home-report'), 'a new tab starts on the first screen');
  t.equal(await other.page.evaluate(() => sessionStorage.length), 0, 'with nothing kept');
  await other.page.close();

  dialogs.length = 0;
  await page.click('.quick-exit');
  await page.waitForURL(`${exitUrl}**`);
  t.same(dialogs, [], 'quick exit is never held up by the warning');
  await page.goto(`${server.publicUrl}/`);
  await page.waitForSelector('#home-report');
  t.equal(await page.evaluate(() => sessionStorage.length), 0, 'after quick exit, nothing is kept');
  await page.click('#home-report');
  await choose(page, '75', 'missing_ppe');
  await page.waitForSelector('#what', { state: 'visible' });
  t.equal(await page.inputValue('#what'), '', 'the form is empty');

  await page.selectOption('#industry', 'F');
  await page.fill('#what', marker);
  await page.click('#send');
  await page.waitForSelector('.code', { timeout: 60_000 });
  t.equal(await page.evaluate(() => sessionStorage.length), 0, 'a sent report is not kept');

  const fresh = await open('ru-RU');
  t.teardown(() => fresh.context.close());
  t.same(await fresh.page.evaluate(() => [sessionStorage.length, localStorage.length]), [0, 0], 'a new browser context has nothing');
});

/** Every control (button, link, field) whose centre is in view below the bar is hit there, not the bar. */
async function controlsCovered(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bar = document.querySelector('.top')?.getBoundingClientRect();
    const covered: string[] = [];
    for (const control of document.querySelectorAll<HTMLElement>('main button, main a, main input, main select, main textarea, nav button')) {
      const box = control.getBoundingClientRect();
      if (box.width === 0 || bar === undefined) continue;
      const top = Math.max(box.top, bar.bottom);
      const bottom = Math.min(box.bottom, innerHeight);
      if (bottom - top < 2) continue; // scrolled out of view
      const hit = document.elementFromPoint(box.left + box.width / 2, (top + bottom) / 2);
      if (hit === null || !(control === hit || control.contains(hit) || (control.id !== '' && hit.closest(`label[for="${control.id}"]`) !== null))) covered.push(control.id || control.tagName);
    }
    return covered;
  });
}

t.test('2. a reload in the middle of a report cannot be served an older directory, nor another organisation key', async (t) => {
  // The page believed directory version N+5; after the reload the server answers with version N.
  const ahead = await open('ru-RU', { directory: (claim) => ({ ...claim, version: claim.version + 5 }) });
  t.teardown(() => ahead.context.close());
  await ahead.page.click('#home-report');
  await choose(ahead.page, '75', 'missing_ppe');
  await ahead.page.fill('#what', 'Леса без ограждения');
  await ahead.page.waitForTimeout(400); // past the keeping delay
  await ahead.page.unroute('**/api/v1/directory*');
  await ahead.page.reload();
  await ahead.page.waitForSelector('#refused', { timeout: 60_000 });
  t.match(await text(ahead.page, '#refused'), /устаревш/i, 'the older directory is refused after the reload');
  t.equal(await ahead.page.$('#what'), null, 'and nothing can be written there');

  // An unanchored page compared the key's check code before writing; after a reload the server
  // answers with another organisation's key (and a directory it signed): refused, not shown anew.
  const swapped = await open('ru-RU');
  t.teardown(() => swapped.context.close());
  await swapped.page.click('#home-report');
  await choose(swapped.page, '75', 'missing_ppe');
  await swapped.page.fill('#what', 'Леса без ограждения');
  await swapped.page.waitForTimeout(400);
  const other = generateSigningKeyPair();
  await swapped.page.route('**/api/v1/directory*', async (route) => {
    const response = await route.fetch();
    const real = (await response.json()) as { organisationKey: string; directory: string };
    const claim = readDirectory(fromBase64Url(real.directory), organisation.publicKey);
    if (claim === null) throw new Error('the served directory does not verify');
    await route.fulfill({ response, json: { organisationKey: toBase64Url(other.publicKey), directory: toBase64Url(signDirectory({ ...claim, version: claim.version + 1 }, other.privateKey)) } });
  });
  await swapped.page.reload();
  await swapped.page.waitForSelector('#refused', { timeout: 60_000 });
  t.match(await text(swapped.page, '#refused'), /ключом другой организации/, 'another organisation key is refused after the reload');
});

t.test('3. quick exit is labelled as such, never lies over a control at 360 px, and hints at Esc only where there are keys', async (t) => {
  for (const [locale, label] of [['kk-KZ', 'Жылдам шығу'], ['ru-RU', 'Быстрый выход'], ['en-GB', 'Quick exit']] as const) {
    const { page, context } = await open(locale, { touch: true });
    t.equal(await text(page, '.quick-exit'), label, `${locale}: "${label}", not "log out"`);
    t.notMatch(await text(page, '#exit-hint'), /Esc/, `${locale}: no Esc hint on a touch screen`);
    await page.click('#home-report');
    await choose(page, '75', 'missing_ppe');
    await page.waitForSelector('#what', { state: 'visible' });
    for (const y of [50, 120, 400, 900]) {
      await page.evaluate((top) => window.scrollTo(0, top), y);
      const exit = await page.$eval('.quick-exit', (element) => {
        const box = element.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= innerHeight;
      });
      t.ok(exit, `${locale}: quick exit in view after ${y} px`);
      t.same(await controlsCovered(page), [], `${locale}: no control covered after ${y} px`);
    }
    await context.close();
  }
  const keyboard = await open('ru-RU');
  t.teardown(() => keyboard.context.close());
  t.match(await text(keyboard.page, '#exit-hint'), /дважды клавишу Esc/, 'with a keyboard the Esc hint stays');
});

/** Fills the form (optionally with the year alone) and sends it; resolves with the case code. */
async function sendReport(page: Page, year?: string): Promise<string> {
  await page.click('#home-report');
  await choose(page, '75', 'missing_ppe');
  await page.selectOption('#industry', 'F');
  if (year !== undefined) await page.selectOption('#year', year);
  await page.fill('#what', 'Құрылыс алаңында белдік жоқ');
  await page.click('#send');
  await page.waitForSelector('.code, #send-error', { timeout: 60_000 });
  if (await page.$('#send-error')) throw new Error(`not sent: ${await text(page, '#send-error')}`);
  return ((await page.textContent('.code')) ?? '').replace(/\s/g, '');
}

t.test('4. a worker who remembers only the year gives the year', async (t) => {
  const { page, context } = await open('ru-RU');
  t.teardown(() => context.close());
  const lastYear = String(new Date().getFullYear() - 1);
  await page.click('#home-report');
  await choose(page, '75', 'missing_ppe');
  await page.selectOption('#year', lastYear);
  await page.click('#send');
  t.equal(await text(page, '#month-error'), '', 'no error for a year without a month');
  await page.click('#report-back');
  t.equal(storedContent(await sendReport(page, lastYear))?.happened, lastYear, 'the year alone was sent');
});

t.test('4. the case code field shows all 28 digits at 320 px, grouped as typed; the code screen says when to come back', async (t) => {
  const { page, context } = await open('kk-KZ', { width: 320 });
  t.teardown(() => context.close());
  const code = await sendReport(page);
  t.match(await text(page, '#code-come-back'), /7 күннен кейін қайта тексеріңіз/, 'kk: when to come back');
  t.match(await text(page, '#code-screenshot'), /галереясына/, 'kk: a screenshot goes to the gallery');
  t.same(await seriousAccessibilityViolations(page), [], 'kk: the code screen passes axe-core');

  await page.check('#code-confirm');
  await page.click('#code-done');
  await page.click('#home-check');
  await page.focus('#case-code');
  await page.keyboard.type(code.slice(0, 5));
  t.same(await page.$eval('#case-code', (field) => [(field as HTMLTextAreaElement).value, (field as HTMLTextAreaElement).selectionStart]), [`${code.slice(0, 4)} ${code[4]}`, 6], 'grouped as typed, the caret after the digit');
  await page.keyboard.type(code.slice(5));
  const shown = code.replace(/(\d{4})(?=\d)/g, '$1 ');
  t.equal(await page.inputValue('#case-code'), shown, 'the same grouping as the code screen');
  const fits = await page.$eval('#case-code', (field) => field.scrollWidth <= field.clientWidth && field.scrollHeight <= field.clientHeight + 1);
  t.ok(fits, 'all 28 digits visible at 320 px');
  t.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 320, 'no sideways scrolling');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#check-result');
  t.match(await text(page, '#check-result'), /Қабылданды/, 'Enter checks the code');
  t.same(await seriousAccessibilityViolations(page), [], 'kk: the check screen passes axe-core');
});

t.test('5. length limits are visible while typing, counted in the language’s plural forms', async (t) => {
  const { page, context } = await open('ru-RU');
  t.teardown(() => context.close());
  await page.click('#home-report');
  await choose(page, '75', 'missing_ppe');
  await page.waitForSelector('#who', { state: 'visible' });
  t.equal(await text(page, '#who-count'), 'Осталось 2 000 знаков', 'the limit is visible before typing');
  const counts: [number, string][] = [
    [2, 'Осталось 1 998 знаков'],
    [1999, 'Остался 1 знак'],
    [1997, 'Осталось 3 знака'],
    [1979, 'Остался 21 знак'],
    [2001, 'Лишний 1 знак'],
    [2005, 'Лишних 5 знаков'],
  ];
  for (const [length, expected] of counts) {
    await page.fill('#who', 'ж'.repeat(length));
    t.equal(await text(page, '#who-count'), expected, `${length} typed`);
  }
  t.match(await text(page, '#who-error'), /Слишком длинно/, 'over the limit: said at once');
  await page.click('#language-kk');
  t.equal(await text(page, '#who-count'), '5 таңба артық', 'kk after a switch');
  await page.fill('#who', 'ж'.repeat(2));
  t.equal(await text(page, '#who-count'), '1 998 таңба қалды');
  await page.click('#language-en');
  await page.fill('#employer', 'ж'.repeat(499));
  t.equal(await text(page, '#employer-count'), '1 character left', 'en: one');
});

t.test('6. the first screen says who reads the report and what is never recorded; the key check code is explained beside it', async (t) => {
  const cases = [
    ['ru-RU', /прочитают только инспекторы вашего региона, но не ваш работодатель/, /никогда не записываем, кто вы, ваш IP-адрес и ваше устройство/, /Код проверки ключа/, /одинаковый код значит, что открыть ваше сообщение сможет только ваша организация/],
    ['kk-KZ', /тек өңіріңіздің инспекторлары оқиды, жұмыс берушіңіз ешқашан оқымайды/, /ешқашан тіркемейміз/, /Кілтті тексеру коды/, /код бірдей болса, хабарламаңызды тек сіздің ұйымыңыз аша алады/],
  ] as const;
  for (const [locale, who, never, label, meaning] of cases) {
    const { page, context } = await open(locale);
    const promise = await text(page, '.promise');
    t.match(promise, who, `${locale}: who reads it`);
    t.match(promise, never, `${locale}: what is never recorded`);
    t.equal(promise.split(/[.!?](\s|$)/).filter((part) => part !== undefined && part.trim() !== '').length, 1, `${locale}: in one sentence`);
    t.match(await text(page, '#organisation-key'), label, `${locale}: the fingerprint is called what it is for`);
    t.match(await text(page, '#organisation-key'), meaning, `${locale}: and what a match means`);
    t.notMatch(await text(page, 'footer'), /[0-9a-f]{4} [0-9a-f]{4}/, `${locale}: no fingerprint in the footer`);
    t.same(await seriousAccessibilityViolations(page), [], `${locale}: the first screen passes axe-core`);
    await context.close();
  }
});
