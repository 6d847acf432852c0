// Issue 11, console side of point 1 and the groups part of point 12, in real Chromium (1366 px)
// against the real server process. The organisation is set up through the console API as the
// setup page would (keys made here); the first administrator signs in and meets, as the first
// thing on the start page, every region and the anti-corruption group nobody can receive yet, with
// the next steps (Russian). On Groups she signs an alternative channel in three languages into a
// version 2 directory (the reporter site's API serves it, verified); adds herself to the Almaty
// group, sees "Saved" beside the button and the new count (English after a language switch), signs
// the directory on Accounts, and Almaty drops off the list while the channel stays. Kazakh last.
// axe finds no serious or critical issue on each screen.
import t, { type Test } from 'tap';
import type { Browser, Page } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromBase64Url, loadSodium, readDirectory } from '../../crypto/index.ts';
import { launchChromium, seriousAccessibilityViolations } from '../helpers/browser.ts';
import { organisationPassphrase, setupBody, setupPassphrase } from '../helpers/console.ts';
import { cheapPow, startServer, type ServerProcess, setupTokenOf } from '../helpers/server-process.ts';

// Argon2id at sign-in and at each signing, on a shared machine.
t.setTimeout(240_000);

let server: ServerProcess;
let browser: Browser;
let setup: ReturnType<typeof setupBody>;

t.before(async () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'qauipsiz-coverage-')), 'data');
  server = await startServer(dataDir, cheapPow);
  const token = setupTokenOf(server);
  await loadSodium('sumo');
  setup = setupBody(token);
  const response = await fetch(`${server.consoleUrl}/api/console/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(setup.body) });
  if (!response.ok) throw new Error(`setup: ${response.status} ${await response.text()}`);
  browser = await launchChromium();
});
t.teardown(async () => {
  await browser?.close();
  await server?.stop();
});

/** The directory as reporters' pages get it, verified with the organisation key. */
async function publicDirectory() {
  const answer = (await (await fetch(`${server.publicUrl}/api/v1/directory`)).json()) as { directory: string | null };
  return answer.directory === null ? null : readDirectory(fromBase64Url(answer.directory), setup.signing.publicKey);
}

async function axe(t: Test, page: Page, name: string): Promise<void> {
  t.same(await seriousAccessibilityViolations(page), [], `axe: ${name}`);
}

const text = async (page: Page, selector: string) => ((await page.textContent(selector)) ?? '').replace(/\s+/g, ' ').trim();
const visible = (page: Page, selector: string) => page.waitForSelector(selector, { state: 'visible', timeout: 60_000 });

/** Switches the console's language and waits until the screen is drawn again in it. */
async function switchLanguage(page: Page, language: string, title: string): Promise<void> {
  await page.click(`#language-${language}`);
  await page.waitForFunction((wanted) => document.getElementById('coverage-title')?.textContent === wanted, title, { timeout: 60_000 });
}

t.test('the start page and Groups name who cannot be reached; the channel is signed; saving a group says so', async (t) => {
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1366, height: 900 } });
  t.teardown(() => context.close());
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${server.consoleUrl}/`);
  await page.waitForSelector('#login-form', { timeout: 60_000 });
  await page.fill('#login-username', setup.body.username);
  await page.fill('#login-passphrase', setupPassphrase);
  await page.click('#login-submit');
  await page.waitForSelector('#coverage', { timeout: 60_000 });

  // --- The start page: what to do next comes first ---
  t.equal(await page.$eval('main h1', (h1) => h1.nextElementSibling?.id), 'coverage', 'right under the title, before anything else');
  t.equal(await text(page, '#coverage-title'), 'Дальше: убедитесь, что в каждом регионе есть кому принимать сообщения');
  t.equal(await text(page, '#coverage-regions'), 'Пока ни из одного региона сообщения принять некому.', 'no region can be reached');
  t.match(await text(page, '#coverage-exclusive-anti-corruption'), /^Сообщения категории «Взятки и коррупция[^»]*» принять некому: в группе «[^»]+» нет участника/, 'nor the anti-corruption group');
  t.equal(await page.$$eval('#coverage-steps li', (items) => items.length), 3, 'three next steps');
  t.match(await text(page, '#coverage-channel'), /Альтернативный канал связи не задан/, 'no channel yet');
  await axe(t, page, 'accounts with the coverage warning (ru)');

  // --- Groups: the channel, in three languages ---
  await page.click('#coverage-to-groups');
  await page.waitForSelector('#channel-form');
  t.ok(await page.$('#coverage-regions'), 'Groups warns too');
  await page.fill('#channel-ru', '  Телефон доверия инспекции: 1414\nПн–пт, 9:00–18:00  ');
  await page.click('#channel-submit');
  await visible(page, '#channel-kk-error');
  t.equal(await text(page, '#channel-kk-error'), 'Заполните и это поле: канал связи показывается на всех трёх языках.', 'one language alone is refused, per field');
  t.notOk(await page.isVisible('#channel-ru-error'), 'the filled one is fine');
  t.equal(await page.evaluate(() => document.activeElement?.id), 'channel-kk', 'focus on the first field to fix');
  await page.fill('#channel-kk', 'Инспекцияның сенім телефоны: 1414');
  await page.fill('#channel-en', 'Inspection hotline: 1414');
  await page.click('#channel-submit');
  await visible(page, '#channel-passphrase-error');
  t.notOk(await page.isVisible('#channel-kk-error'), 'the fixed field is clear');
  await page.fill('#channel-passphrase', organisationPassphrase);
  await page.click('#channel-submit');
  await visible(page, '#channel-done');
  t.equal(await text(page, '#channel-done'), 'Подписано и опубликовано: справочник версии 2. Страницы заявителей показывают новый текст.');
  t.match(await text(page, '#coverage-channel'), /показывается ваш альтернативный канал связи/, 'the warning above now mentions the channel');
  t.equal(await page.inputValue('#channel-passphrase'), '', 'the passphrase is not kept in the field');
  const signed = await publicDirectory();
  t.same(signed?.channel, { kk: 'Инспекцияның сенім телефоны: 1414', ru: 'Телефон доверия инспекции: 1414\nПн–пт, 9:00–18:00', en: 'Inspection hotline: 1414' }, 'reporters’ pages get the channel, signed, trimmed, line break kept');
  t.same(signed?.members, {}, 'and nothing else changed');
  await page.click('#channel-submit');
  await visible(page, '#channel-error');
  t.equal(await text(page, '#channel-error'), 'Ничего не изменилось: в справочнике уже этот текст.', 'the same text again signs nothing');
  await axe(t, page, 'groups with the channel (ru)');

  // --- Saving a group: "Saved" beside the button and the new count (in English now) ---
  await switchLanguage(page, 'en', 'Next: make sure every region has someone who can receive reports');
  t.pass('the warning follows the language');
  const adminId = setup.body.accountId;
  t.equal(await text(page, '#group-region-75-count'), '(0)');
  await page.click('#group-region-75 summary');
  await page.check(`#group-region-75-member-${adminId}`);
  await page.click('#group-region-75-save');
  await visible(page, '#group-region-75-saved');
  t.equal(await text(page, '#group-region-75-saved'), 'Saved. The new members receive reports once the directory is signed (Accounts).', 'saved, and what it takes to count');
  t.equal(await text(page, '#group-region-75-count'), '(1)', 'the summary counts the new member');
  t.ok(await page.$eval('#group-region-75-save', (button) => button.parentElement?.contains(document.getElementById('group-region-75-saved'))), 'the note is next to the button');
  await page.fill('#group-region-75-en', 'Almaty inspectors');
  t.notOk(await page.isVisible('#group-region-75-saved'), 'an edit after saving hides the note');
  await axe(t, page, 'groups after saving (en)');

  // …and in Russian, for another group: the same note, the same count.
  await switchLanguage(page, 'ru', 'Дальше: убедитесь, что в каждом регионе есть кому принимать сообщения');
  t.equal(await page.inputValue('#group-region-75-en'), 'Almaty inspectors', 'the unsaved name survives the language switch');
  await page.click('#group-region-71 summary');
  await page.check(`#group-region-71-member-${adminId}`);
  await page.click('#group-region-71-save');
  await visible(page, '#group-region-71-saved');
  t.equal(await text(page, '#group-region-71-saved'), 'Сохранено. Новые участники начнут получать сообщения, когда справочник будет подписан («Учётные записи»).', 'saved, said in Russian');
  t.equal(await text(page, '#group-region-71-count'), '(1)', 'the Astana group counts its new member');
  await page.uncheck(`#group-region-71-member-${adminId}`);
  await page.click('#group-region-71-save');
  await page.waitForFunction(() => document.getElementById('group-region-71-count')?.textContent === '(0)', undefined, { timeout: 30_000 });
  t.pass('and counts again when the member is taken out');
  await switchLanguage(page, 'en', 'Next: make sure every region has someone who can receive reports');

  // --- Signing on Accounts: Almaty can be reached, the channel stays ---
  await page.click('#coverage-to-accounts');
  await page.waitForSelector('#sign-form');
  await page.fill('#sign-passphrase', organisationPassphrase);
  await page.click('#sign-submit');
  await page.waitForSelector('#sign-done', { timeout: 60_000 });
  const regions = await text(page, '#coverage-regions');
  t.match(regions, /^Nobody can receive reports from 19 regions: /, 'nineteen regions left, counted');
  t.notMatch(regions, /Almaty(?! Region)/, 'Almaty (the city) is no longer listed');
  t.match(regions, /Astana/, 'Astana still is');
  t.ok(await page.$('#coverage-exclusive-anti-corruption'), 'the anti-corruption group still has nobody');
  const after = await publicDirectory();
  t.equal(after?.version, 3);
  t.equal(after?.members['region-75']?.length, 1, 'the administrator receives for Almaty');
  t.same(after?.channel, signed?.channel, 'signing members kept the channel');
  await axe(t, page, 'accounts after signing (en)');

  // --- Kazakh ---
  await switchLanguage(page, 'kk', 'Келесі қадам: әр өңірде хабарламаны қабылдай алатын адам бар екеніне көз жеткізіңіз');
  t.match(await text(page, '#coverage-regions'), /^19 өңірден хабарламаны қабылдайтын адам жоқ: /, 'the count in Kazakh');
  t.equal(await text(page, '#coverage-channel'), 'Оған дейін осылардың бірін таңдаған жұмыскерге форманың орнына сіздің балама байланыс арнаңыз көрсетіледі.');
  await axe(t, page, 'accounts (kk)');
  t.same(errors, [], 'no page error');
});
