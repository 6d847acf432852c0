// The queue and the deadline settings in real Chromium against the real server process (issue 11,
// points 8 and 9). Each queue row links with the case's short reference and category; the assignee
// column names people ("Me", a colleague's name, "former colleague"), never an id; the "next
// deadline" column shows the nearest pending deadline and sorting by deadline follows it; times on
// the case page are the organisation's (Asia/Almaty) while the browser runs in New York. An
// administrator adds the government's transfers of days off in Settings (checked as typed) and
// the open cases' due days follow. In English and Russian at 1366 px; axe on every screen.
// The organisation is set up through the console API as the setup page would (keys made here).
import t, { type Test } from 'tap';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pendingStages, type CaseStatus, type DeadlineStage } from '../../contract/domain.ts';
import { certificateDigest, issueCertificate, loadSodium, signDirectory, toBase64Url } from '../../crypto/index.ts';
import { categories } from '../../db/catalog.ts';
import { withMember } from '../../server/admin/directory.ts';
import { caseDeadlines, defaultDeadlineSettings } from '../../server/domain/deadlines.ts';
import { messages } from '../../web/console/i18n/index.ts';
import { launchChromium, seriousAccessibilityViolations } from '../helpers/browser.ts';
import { browserKeys, setupBody, setupPassphrase } from '../helpers/console.ts';
import { submitNewReport } from '../helpers/reporter-client.ts';
import { cheapPow, startServer, type ServerProcess, callConsole, type ConsoleSession, setupTokenOf } from '../helpers/server-process.ts';

const organisationZone = 'Asia/Almaty';
const browserZone = 'America/New_York';
const passphrases = { aigul: 'жасыл алма терезе 2026', bolat: 'көк теңіз таулар 2026' };
const dayOf = (date: Date, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
const timeOf = (date: Date, timeZone: string) => new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' }).format(date);
const today = dayOf(new Date(), organisationZone);

type Session = ConsoleSession;
type Language = 'en' | 'ru' | 'kk';
type Item = { id: string; status: CaseStatus; category: string; assigneeId: string | null; deadlines: Record<DeadlineStage, string> };

let server: ServerProcess;
let browser: Browser;
let setup: ReturnType<typeof setupBody>;
let admin: Session;
let aigul: Session;
const ids = { aigul: '', bolat: '' };
const cases = { mine: '', admins: '', former: '', acknowledged: '' };

/** A console API call as a page makes it (test/helpers/server-process.ts). */
const consoleCall = <Answer>(method: 'GET' | 'POST' | 'PUT' | 'PATCH', path: string, body?: unknown, session?: Session) => callConsole<Answer>(server, method, path, body, session);

/** An inspector of region 75 accepts an invitation; returns the account id, the keys and how to sign in. */
async function acceptInvitation(username: keyof typeof passphrases, displayName: string) {
  const { answer: link } = await consoleCall<{ invitationUrl: string }>('POST', '/invitations', { role: 'inspector', displayName, groupIds: ['region-75'] }, admin);
  const token = /#invite=([A-Za-z0-9_-]+)/.exec(link.invitationUrl)?.[1];
  const keys = browserKeys(passphrases[username], setup.signing.publicKey);
  const { answer } = await consoleCall<{ me: { id: string } }>('POST', '/invitations/accept', {
    token,
    username,
    authValue: toBase64Url(keys.authValue),
    keyEnvelope: toBase64Url(keys.keyEnvelope),
    publicKey: toBase64Url(keys.keys.publicKey),
    signingKey: toBase64Url(keys.signingKeys.publicKey),
  });
  return { id: answer.me.id, keys, username };
}

/** Directory version 2: both inspectors in region 75, the administrator in the national group (so a colleague by name). */
async function publishDirectory(members: Awaited<ReturnType<typeof acceptInvitation>>[]): Promise<void> {
  const certify = (accountId: string, keys: ReturnType<typeof browserKeys>, role: 'inspector' | 'admin', groups: string[]) =>
    issueCertificate({ accountId, boxKey: keys.keys.publicKey, signKey: keys.signingKeys.publicKey, role, groups, issuedDay: today }, setup.signing.privateKey);
  const certificates = [
    ...members.map((m) => ({ accountId: m.id, certificate: certify(m.id, m.keys, 'inspector', ['region-75']), groups: ['region-75'] })),
    { accountId: setup.body.accountId, certificate: certify(setup.body.accountId, setup.admin, 'admin', ['national']), groups: ['national'] },
  ];
  const claim = certificates.reduce((c, m) => withMember(c, certificateDigest(m.certificate), m.groups, today), setup.claim);
  const directory = signDirectory({ ...claim, version: setup.claim.version + 1 }, setup.signing.privateKey);
  await consoleCall('PUT', '/directory', { directory: toBase64Url(directory), certificates: certificates.map((c) => ({ accountId: c.accountId, certificate: toBase64Url(c.certificate) })) }, admin);
}

async function submitReport(category: string): Promise<string> {
  const report = await submitNewReport(server.publicUrl, { region: '75', category, organisationKey: setup.signing.publicKey });
  if (report.response.status !== 201) throw new Error(`report refused: ${report.response.status} ${await report.response.text()}`);
  return report.body.reportId;
}

t.before(async () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'qauipsiz-console-queue-')), 'data');
  server = await startServer(dataDir, { ...cheapPow, TIME_ZONE: organisationZone });
  const token = setupTokenOf(server);
  await loadSodium('sumo');
  setup = setupBody(token);
  const { answer, cookie } = await consoleCall<{ csrfToken: string }>('POST', '/setup', setup.body);
  admin = { cookie, csrfToken: answer.csrfToken };
  const a = await acceptInvitation('aigul', 'Айгүл Сейітова');
  const b = await acceptInvitation('bolat', 'Болат Ахметов');
  ids.aigul = a.id;
  ids.bolat = b.id;
  await publishDirectory([a, b]);

  cases.mine = await submitReport('missing_ppe');
  cases.admins = await submitReport('near_miss');
  cases.former = await submitReport('concealed_injury.fatal_concealed');
  cases.acknowledged = await submitReport('missing_ppe');
  const signedIn = await consoleCall<{ csrfToken: string }>('POST', '/login', { username: 'aigul', authValue: toBase64Url(a.keys.authValue) });
  aigul = { cookie: signedIn.cookie, csrfToken: signedIn.answer.csrfToken };
  await consoleCall('PATCH', `/cases/${cases.mine}`, { assigneeId: ids.aigul }, aigul);
  await consoleCall('PATCH', `/cases/${cases.admins}`, { assigneeId: setup.body.accountId }, aigul);
  await consoleCall('PATCH', `/cases/${cases.former}`, { assigneeId: ids.bolat }, aigul);
  await consoleCall('POST', `/cases/${cases.acknowledged}/transition`, { to: 'acknowledged' }, aigul);
  await consoleCall('POST', `/accounts/${ids.bolat}/disable`, undefined, admin);
  browser = await launchChromium();
});
t.teardown(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(username: string, passphrase: string, locale: string, landing: string): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
  const context = await browser.newContext({ locale, timezoneId: browserZone, viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${server.consoleUrl}/`);
  await page.waitForSelector('#login-form', { timeout: 60_000 });
  await page.fill('#login-username', username);
  await page.fill('#login-passphrase', passphrase);
  await page.click('#login-submit');
  await page.waitForSelector(landing, { timeout: 60_000 });
  return { page, context, errors };
}

async function axe(t: Test, page: Page, name: string): Promise<void> {
  t.same(await seriousAccessibilityViolations(page), [], `axe: ${name}`);
}

/** A day as the console writes it ('1 December 2026', '1 декабря 2026 г.'). */
function formatDay(day: string, language: Language): string {
  const [year, month, date] = day.split('-');
  const m = messages[language];
  return m.date.replace('{d}', String(Number(date))).replace('{month}', m.monthsInDate[Number(month) - 1]!).replace('{y}', year!);
}

/** The first pending stage with the earliest due day: what the "next deadline" column must show. */
function nearest(item: Item): [DeadlineStage, string] {
  return pendingStages[item.status].reduce<[DeadlineStage, string] | null>((best, stage) => (best === null || item.deadlines[stage] < best[1] ? [stage, item.deadlines[stage]] : best), null)!;
}

/** The visible cells of the row whose link opens `caseId`. */
const rowOf = (page: Page, caseId: string) => page.$eval(`#open-${caseId}`, (link) => [...link.closest('tr')!.cells].map((cell) => cell.innerText.trim()));

for (const language of ['en', 'ru'] as const) {
  t.test(`${language}: the queue names cases, people and the nearest deadline, and sorts by it`, async (t) => {
    const m = messages[language];
    const items = (await consoleCall<{ items: Item[] }>('GET', '/cases', undefined, aigul)).answer.items;
    const { page, context, errors } = await signIn('aigul', passphrases.aigul, language === 'en' ? 'en-GB' : 'ru-RU', '#queue-table');
    t.teardown(() => context.close());

    const links = await page.$$eval('#queue-table button[id^="open-"]', (buttons) => buttons.map((b) => b.textContent ?? ''));
    t.equal(links.length, 4, 'four cases');
    t.equal(new Set(links).size, 4, 'every row links with its own text');
    const expectedAssignee: Record<string, string> = { [cases.mine]: m.assigneeMe, [cases.admins]: 'First Admin', [cases.former]: m.formerColleague, [cases.acknowledged]: '—' };
    for (const item of items) {
      const cells = await rowOf(page, item.id);
      const category = categories.find((c) => c.id === item.category)!.labels[language];
      t.equal(cells[0], `${item.id.slice(0, 6)} ${category}`, 'short reference and category');
      t.equal(cells[6], expectedAssignee[item.id], `assignee of the ${Object.entries(cases).find(([, id]) => id === item.id)?.[0]} case by name`);
      const [stage, day] = nearest(item);
      t.equal(cells[7], `${m.deadlines[stage]}: ${formatDay(day, language)}`, 'the nearest pending deadline');
    }
    const table = (await page.textContent('#queue-table')) ?? '';
    t.notOk([ids.aigul, ids.bolat, setup.body.accountId].some((id) => table.includes(id)), 'no account id on screen');
    await axe(t, page, `queue (${language})`);

    await page.selectOption('#filter-sort', 'deadline:asc');
    await page.click('#filters-apply');
    await page.waitForFunction((first) => document.querySelector('#queue-table tbody tr button')?.id === `open-${first}`, cases.former, { timeout: 15_000 });
    const order = await page.$$eval('#queue-table button[id^="open-"]', (buttons) => buttons.map((b) => b.id.slice('open-'.length)));
    const days = order.map((id) => nearest(items.find((i) => i.id === id)!)[1]);
    t.same(days, [...days].sort(), `rows follow the nearest deadline: ${days.join(', ')}`);
    t.equal(order[0], cases.former, 'the concealed fatality, due today, first');
    t.same(errors, [], 'no page error');
  });
}

t.test('times on the case page are the organisation\'s, not the browser\'s', async (t) => {
  const detail = (await consoleCall<{ events: { at: string; kind: string }[] }>('GET', `/cases/${cases.mine}`, undefined, aigul)).answer;
  const at = new Date(detail.events.find((e) => e.kind === 'assignee')!.at);
  const { page, context, errors } = await signIn('aigul', passphrases.aigul, 'en-GB', '#queue-table');
  t.teardown(() => context.close());
  await page.click(`#open-${cases.mine}`);
  await page.waitForSelector('#case-history', { timeout: 60_000 });
  const history = (await page.textContent('#case-history')) ?? '';
  t.match(history, `${formatDay(dayOf(at, organisationZone), 'en')}, ${timeOf(at, organisationZone)}`, 'in Almaty');
  t.notMatch(history, `, ${timeOf(at, browserZone)}`, 'not in New York');
  t.same(errors, [], 'no page error');
});

t.test('ru: an administrator enters the government\'s transfers of days off; open cases follow', async (t) => {
  const m = messages.ru;
  const { page, context, errors } = await signIn('admin', setupPassphrase, 'ru-RU', '#nav-settings');
  t.teardown(() => context.close());
  await page.click('#nav-settings');
  await page.waitForSelector('#settings-transfers', { timeout: 30_000 });
  t.match(await page.textContent('#settings-time-zone'), `${organisationZone}`, 'the organisation\'s time zone is named');
  t.equal(await page.textContent('#settings-holidays-list'), m.daysNone, 'no transfers yet');

  const triageDay = caseDeadlines(today, 'missing_ppe', defaultDeadlineSettings).triage;
  const error = (list: string) => page.textContent(`#settings-${list}-new-error:not([hidden])`);
  const add = async (list: string, day: string, how: 'click' | 'Enter' = 'click') => {
    await page.fill(`#settings-${list}-new`, day);
    if (how === 'Enter') await page.press(`#settings-${list}-new`, 'Enter');
    else await page.click(`#settings-${list}-add`);
  };
  await add('working-days', '2027-01-04');
  t.equal(await error('working-days'), m.dayNotWeekend, 'a Monday cannot be made working');
  await add('working-days', '2027-01-09');
  t.match(await page.textContent('#settings-working-days-list'), formatDay('2027-01-09', 'ru'), 'a Saturday made working');
  t.equal(await page.getAttribute('#settings-working-days-new', 'aria-invalid'), null, 'the error is gone');
  await add('holidays', triageDay, 'Enter');
  t.match(await page.textContent('#settings-holidays-list'), formatDay(triageDay, 'ru'), 'Enter adds the day…');
  t.same((await consoleCall<{ settings: { holidays: string[] } }>('GET', '/organisation', undefined, admin)).answer.settings.holidays, [], '…and does not save the form');
  await add('holidays', triageDay);
  t.equal(await error('holidays'), m.dayTwice, 'a day listed twice');
  await add('holidays', '2027-01-09');
  t.equal(await error('holidays'), m.dayInOtherList, 'a day in both lists');
  await add('holidays', '2027-01-08');
  await page.click('#settings-holidays-remove-2027-01-08');
  t.notMatch(await page.textContent('#settings-holidays-list'), formatDay('2027-01-08', 'ru'), 'removed');
  t.equal(await page.evaluate(() => document.activeElement?.id), 'settings-holidays-new', 'focus goes back to the date field');
  await axe(t, page, 'settings with transfers (ru)');

  // Days added but not saved survive a language switch (app.ts keeps what was typed; the lists too).
  for (const language of ['kk', 'ru'] as const) {
    await page.click(`#language-${language}`);
    await page.waitForFunction(
      (days: { off: string; working: string }) =>
        (document.querySelector('#settings-holidays-list')?.textContent ?? '').includes(days.off) &&
        (document.querySelector('#settings-working-days-list')?.textContent ?? '').includes(days.working),
      { off: formatDay(triageDay, language), working: formatDay('2027-01-09', language) },
      { timeout: 30_000 },
    );
    t.pass(`the unsaved day off and working Saturday are still listed after switching to ${language}`);
  }

  await page.click('#settings-save');
  await page.waitForFunction(() => !document.querySelector('#settings-save')?.hasAttribute('aria-disabled'));
  const stored = (await consoleCall<{ settings: { holidays: string[]; workingDays: string[] } }>('GET', '/organisation', undefined, admin)).answer.settings;
  t.same([stored.holidays, stored.workingDays], [[triageDay], ['2027-01-09']], 'saved');
  const expected = caseDeadlines(today, 'missing_ppe', { ...defaultDeadlineSettings, holidays: [triageDay], workingDays: ['2027-01-09'] });
  t.not(expected.triage, triageDay, 'the new day off moves triage');
  const item = (await consoleCall<{ deadlines: Record<string, string> }>('GET', `/cases/${cases.mine}`, undefined, aigul)).answer;
  t.same(item.deadlines, expected, 'the open case\'s due days were recomputed');
  t.same(errors, [], 'no page error');
});
