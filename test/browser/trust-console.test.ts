// The server's operator against the console, in real Chromium and the real server process, from a
// fresh DATA_DIR (setup, invitations and signing all through the console's screens):
// - a weak passphrase is refused in the browser, with the reason in the language chosen (Kazakh);
// - after an inspector accepted her invitation and read her key confirmation code, the operator
//   replaces her key in the database (`UPDATE staff_accounts SET public_key = …`): the admin's
//   signing screen ticks nothing, refuses her key when the code she read out is typed (it is not
//   the code of the key the server now holds) and certifies the other inspector's key whose code
//   matches; at her next sign-in she meets the full-stop warning and nothing else;
// - disabling an inspector publishes, in the same flow, a directory version without her key;
// - the poster shows a QR code of the reporting address with the organisation key's fingerprint
//   and the directory version, and the fingerprint in text;
// - an organisation made with the command line is adopted at setup with the key and directory the
//   CLI made (verified in the browser), one version on; an inspector whose key envelope is from
//   before envelopes carried the organisation key is shown its fingerprint to compare, and only when
//   its last 8 digits are typed is it sealed in; the operator serving the old envelope again meets
//   the full stop; an organisation key still wrapped under a sign-in passphrase gets an organisation
//   passphrase of its own, checked for strength;
// - an invitation answer whose URL the operator swapped yields a link to this console all the same;
//   a hidden directory, after this browser saw version 3, stops the accounts screen, and the poster
//   keeps pinning version 3.
import t from 'tap';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  deriveFromPassphrase,
  fromBase64Url,
  generateBoxKeyPair,
  keyFingerprint,
  loadSodium,
  openStaffKeys,
  passphraseEnvelopeSalt,
  readDirectory,
  unwrapWithPassphrase,
  wrapWithPassphrase,
} from '../../crypto/index.ts';
import { wrapWithKey } from '../../crypto/passphrase.ts';
import { launchChromium } from '../helpers/browser.ts';
import { cheapPow, runAdmin, startServer, type ServerProcess } from '../helpers/server-process.ts';

// Argon2id in several browsers on a shared machine: more than tap's default two minutes.
t.setTimeout(420_000);

const adminPassphrase = 'correct horse battery staple';
const organisationPassphrase = 'lantern quarry mosaic thimble orchard';
const inspectorPassphrases = { aigul: 'жасыл алма терезе 2026', bolat: 'orange tractor winter lamp 88' } as const;
type Inspector = keyof typeof inspectorPassphrases;

let server: ServerProcess;
let browser: Browser;
let setupUrl: string;
let databasePath: string;

t.before(async () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'qauipsiz-trust-console-')), 'data');
  databasePath = join(dataDir, 'qauipsiz.db');
  server = await startServer(dataDir, cheapPow);
  const line = /Console setup: (\S+#setup=[A-Za-z0-9_-]+)/.exec(server.output());
  if (line?.[1] === undefined) throw new Error(`no setup link in the start log:\n${server.output()}`);
  setupUrl = line[1];
  browser = await launchChromium();
  await loadSodium('sumo'); // Argon2id, for the envelopes this test edits as the operator
});
t.teardown(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(url: string, locale: string): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  return { page, context };
}

/** What the operator can do with database access alone. */
function database<T>(work: (db: Database.Database) => T): T {
  const db = new Database(databasePath);
  try {
    return work(db);
  } finally {
    db.close();
  }
}

const accountId = (username: string) => database((db) => (db.prepare('SELECT id FROM staff_accounts WHERE username = ?').get(username) as { id: string }).id);
const certificateDigest = (id: string) => database((db) => (db.prepare('SELECT digest FROM certificates WHERE account_id = ?').get(id) as { digest: string } | undefined)?.digest);

/** The directory as reporters' pages get it, read with the organisation key the public API names. */
async function publicDirectory() {
  const answer = (await (await fetch(`${server.publicUrl}/api/v1/directory`)).json()) as { organisationKey: string; directory: string | null };
  const organisationKey = fromBase64Url(answer.organisationKey);
  return { organisationKey, claim: answer.directory === null ? null : readDirectory(fromBase64Url(answer.directory), organisationKey) };
}

async function signIn(page: Page, username: string, passphrase: string): Promise<void> {
  await page.waitForSelector('#login-form');
  await page.fill('#login-username', username);
  await page.fill('#login-passphrase', passphrase);
  await page.click('#login-submit');
}

t.test('the operator swaps a key, disables nobody by accident, and the poster carries the fingerprint', async (t) => {
  // --- Setup, in Kazakh: weak passphrases are refused with the reason in Kazakh ---
  const { page: a, context: adminContext } = await open(setupUrl, 'en-GB');
  t.teardown(() => adminContext.close());
  await a.waitForSelector('#setup-form');
  await a.click('#language-kk');
  await a.waitForSelector('#setup-form');
  await a.fill('#setup-organisation', 'Еңбек инспекциясы (сынақ)');
  await a.fill('#setup-username', 'admin');
  await a.fill('#setup-display-name', 'Сынақ Әкімші');
  await a.fill('#setup-passphrase', 'password123456');
  await a.fill('#setup-passphrase-repeat', 'password123456');
  await a.fill('#setup-org-passphrase', 'Summer2026Summer');
  await a.fill('#setup-org-passphrase-repeat', 'Summer2026Summer');
  await a.click('#setup-submit');
  await a.waitForFunction(() => !(document.getElementById('setup-passphrase-error')?.hidden ?? true), undefined, { timeout: 60_000 });
  t.match(await a.textContent('#setup-passphrase-error'), /Бұл құпия фразаны табу тым оңай\. Бұл жиі қолданылатын құпия сөзге тым ұқсас\./, 'a common password is refused, with zxcvbn’s reason in Kazakh');
  t.match(await a.textContent('#setup-org-passphrase-error'), /Ұйымның құпия фразасын табу өте қиын болуы керек/, 'the organisation passphrase needs the top score: refused, in Kazakh');
  t.equal(await a.$('#recovery-key'), null, 'no key was made');
  await a.fill('#setup-passphrase', adminPassphrase);
  await a.fill('#setup-passphrase-repeat', adminPassphrase);
  await a.fill('#setup-org-passphrase', organisationPassphrase);
  await a.fill('#setup-org-passphrase-repeat', organisationPassphrase);
  await a.click('#setup-submit');
  await a.waitForSelector('#recovery-key', { timeout: 60_000 });
  await a.check('#recovery-confirm');
  await a.click('#setup-finish');
  await a.waitForSelector('#invite-create-form', { timeout: 60_000 });
  await a.click('#language-en');
  await a.waitForSelector('#invite-create-form');
  const founded = await publicDirectory();
  t.equal(founded.claim?.version, 1, 'setup published directory version 1, signed in the browser');

  // --- Two inspectors of region 75 accept their invitations and read their key codes ---
  const codes = {} as Record<Inspector, string>;
  const pages = {} as Record<Inspector, Page>;
  for (const name of ['aigul', 'bolat'] as const) {
    await a.selectOption('#invite-role', 'inspector');
    await a.fill('#invite-display-name', `Inspector ${name}`);
    await a.check('#invite-group-region-75');
    await a.click('#invite-create');
    await a.waitForFunction((n) => (document.querySelector('#invite-result label')?.textContent ?? '').includes(n), name);
    const link = await a.inputValue('#invite-link');
    t.match(link, /#invite=[A-Za-z0-9_-]+&org=[A-Za-z0-9_-]{43}$/, `the link for ${name} carries the organisation key`);
    const { page, context } = await open(link, 'en-GB');
    t.teardown(() => context.close());
    await page.waitForSelector('#invite-form');
    t.equal(await page.$('#invite-org-compare'), null, 'with the key in the link, nothing to compare');
    await page.fill('#invite-username', name);
    await page.fill('#invite-passphrase', inspectorPassphrases[name]);
    await page.fill('#invite-passphrase-repeat', inspectorPassphrases[name]);
    await page.click('#invite-submit');
    await page.waitForSelector('#queue-filters', { timeout: 60_000 });
    await page.click('#nav-account');
    await page.waitForSelector('#my-key-code', { timeout: 30_000 });
    codes[name] = (await page.textContent('#my-key-code')) ?? '';
    t.match(codes[name], /^\d{4} \d{4} \d{4}$/, `${name} reads her key confirmation code from her own screen`);
    pages[name] = page;
    await a.click('#nav-accounts');
    await a.waitForSelector('#invite-create-form');
  }
  // The operator answers the invitation with a URL of its own: the link is built from the token alone.
  await a.route('**/api/console/invitations', async (route) => {
    const response = await route.fetch();
    const { invitationUrl } = (await response.json()) as { invitationUrl: string };
    await route.fulfill({ response, json: { invitationUrl: invitationUrl.replace(/^[^#]*/, 'https://phish.example/') } });
  });
  // A link stripped of its organisation key: the server's key is shown to compare, and must be confirmed.
  await a.fill('#invite-display-name', 'Inspector without key');
  await a.click('#invite-create');
  await a.waitForFunction(() => (document.querySelector('#invite-result label')?.textContent ?? '').includes('without key'));
  await a.unroute('**/api/console/invitations');
  t.ok((await a.inputValue('#invite-link')).startsWith(`${server.consoleUrl}/#invite=`), 'a URL swapped in the answer does not reach the link: this console’s address is used');
  const stripped = (await a.inputValue('#invite-link')).replace(/&org=.*$/, '');
  const { page: s, context: strippedContext } = await open(stripped, 'en-GB');
  t.teardown(() => strippedContext.close());
  await s.waitForSelector('#invite-org-compare');
  t.equal(await s.textContent('#invite-org-fingerprint'), keyFingerprint(founded.organisationKey), 'without a key in the link, the server’s fingerprint is shown to compare');
  await s.fill('#invite-username', 'nokey');
  await s.fill('#invite-passphrase', adminPassphrase);
  await s.fill('#invite-passphrase-repeat', adminPassphrase);
  await s.click('#invite-submit');
  await s.waitForSelector('#invite-org-confirm-error:not([hidden])', { timeout: 60_000 });
  t.equal(database((db) => db.prepare("SELECT count(*) AS n FROM staff_accounts WHERE username = 'nokey'").get() as { n: number }).n, 0, 'nothing is accepted before the comparison is confirmed');
  await strippedContext.close();
  // A link whose key is not the server's: someone changed the link or the server; nothing to accept.
  const otherKey = Buffer.from(generateBoxKeyPair().publicKey).toString('base64url');
  const { page: tampered, context: tamperedContext } = await open(`${stripped}&org=${otherKey}`, 'en-GB');
  await tampered.waitForSelector('#invite-org-differs');
  t.equal(await tampered.$('#invite-form'), null, 'a link whose organisation key differs from the server’s offers no form');
  await tamperedContext.close();

  const aigulId = accountId('aigul');
  const bolatId = accountId('bolat');

  // --- The operator replaces Bolat's key in the database ---
  const operatorKey = generateBoxKeyPair();
  database((db) => db.prepare('UPDATE staff_accounts SET public_key = ? WHERE id = ?').run(Buffer.from(operatorKey.publicKey), bolatId));

  // --- The admin's signing screen: nothing typed, the swapped key refused, the genuine one certified ---
  await a.click('#nav-queue');
  await a.click('#nav-accounts');
  await a.waitForSelector('#sign-form', { timeout: 30_000 });
  t.ok(await a.$('#directory-warning'), 'the accounts screen warns that the directory needs signing');
  t.same(await a.$$eval('#sign-list input', (inputs) => inputs.map((i) => (i as HTMLInputElement).value)), ['', ''], 'both keys wait with empty code fields');
  t.equal(await a.$$eval('#sign-section input[type="checkbox"]', (boxes) => boxes.length), 0, 'nothing to tick, so nothing ticked in advance');
  t.match(await a.textContent(`#code-${aigulId}-hint`), /Role: inspector\. Groups: Labour inspection — Almaty\./, 'each waiting key shows its role and groups, in words, beside its code');
  t.match(await a.textContent('#sign-changes'), /Inspector aigul will receive the reports of [^.]+ once their code is confirmed/, 'and its joining is listed for review');
  await a.fill(`#code-${aigulId}`, codes.aigul);
  await a.fill(`#code-${bolatId}`, codes.bolat);
  await a.fill('#sign-passphrase', organisationPassphrase);
  await a.click('#sign-submit');
  await a.waitForSelector('#sign-mismatch', { timeout: 60_000 });
  t.match(await a.textContent('#sign-mismatch'), /Inspector bolat[\s\S]*may have been replaced/, 'the admin is told plainly that Bolat’s key may have been replaced');
  t.match(await a.textContent('#sign-done'), /version 2\b[\s\S]*keys certified: 1\b/, 'version 2 is published with one key certified');
  t.ok(certificateDigest(aigulId), 'Aigul’s key, whose code matched, is certified');
  t.equal(certificateDigest(bolatId), undefined, 'the swapped key is not certified');
  const signed = await publicDirectory();
  t.same(signed.claim?.members['region-75'], [certificateDigest(aigulId)], 'region 75 receives for Aigul’s key alone');
  t.equal(await a.inputValue(`#code-${bolatId}`), '', 'Bolat’s key still waits, with an empty field');

  // --- Bolat signs in again: the full stop, and nothing else ---
  const bolat = pages.bolat;
  await bolat.click('#logout');
  await signIn(bolat, 'bolat', inspectorPassphrases.bolat);
  await bolat.waitForSelector('#key-stop', { timeout: 60_000 });
  t.match(await bolat.textContent('#key-stop'), /Your key on the server is not the one your passphrase opens[\s\S]*by phone/, 'the inspector meets the plain warning');
  t.equal(await bolat.$$eval('#main button, nav button', (buttons) => buttons.map((b) => b.id).join(',')), 'stop-signout', 'only signing out is offered');
  t.ok(await bolat.isHidden('nav'), 'no navigation');
  await bolat.click('#stop-signout');
  await bolat.waitForSelector('#login-form');

  // --- Disabling Aigul publishes a directory without her key, in the same flow ---
  await a.click(`#account-toggle-${aigulId}`);
  await a.waitForSelector('#disable-form');
  await a.fill('#disable-passphrase', adminPassphrase);
  await a.click('#disable-submit');
  await a.waitForSelector('#disable-error:not([hidden])', { timeout: 60_000 });
  t.match(await a.textContent('#disable-error'), /Wrong passphrase/, 'a wrong organisation passphrase changes nothing');
  t.equal((await publicDirectory()).claim?.version, 2, 'still version 2');
  await a.fill('#disable-passphrase', organisationPassphrase);
  await a.click('#disable-submit');
  await a.waitForSelector('#sign-disabled', { timeout: 60_000 });
  t.match(await a.textContent('#sign-disabled'), /Inspector aigul is disabled; directory version 3/, 'the admin is told version 3 is published');
  const afterDisabling = await publicDirectory();
  t.equal(afterDisabling.claim?.version, 3, 'the public directory is version 3');
  t.notOk(Object.values(afterDisabling.claim?.members ?? {}).flat().includes(certificateDigest(aigulId) ?? '-'), 'and lists her key in no group');
  t.equal(afterDisabling.claim?.recovery, signed.claim?.recovery, 'the recovery certificate is unchanged');

  // --- The poster: QR of the address with the fingerprint and the version, and the fingerprint in text ---
  await a.click('#nav-poster');
  await a.waitForSelector('#poster-form');
  await a.fill('#poster-address', 'https://report.example.kz/');
  await a.click('#poster-make');
  await a.waitForSelector('#poster-qr svg path', { timeout: 30_000 });
  const fingerprint = keyFingerprint(afterDisabling.organisationKey);
  t.equal(await a.textContent('#poster-link'), `https://report.example.kz/#org=${fingerprint.replace(/ /g, '')}&v=3`, 'the QR code’s URL carries the fingerprint and the directory version');
  t.equal(await a.textContent('#poster-fingerprint'), fingerprint, 'the fingerprint in text');
  t.equal(await a.getAttribute('#poster-qr svg', 'data-modules'), '37', 'a QR code of that URL (version 5, 37 modules)');
  t.ok(((await a.getAttribute('#poster-qr svg path', 'd')) ?? '').length > 1000, 'with its modules drawn');
  t.same(
    await a.$$eval('.poster-language', (sections) => sections.map((s) => s.getAttribute('lang'))),
    ['kk', 'ru', 'en'],
    'in Kazakh, Russian and English',
  );
  t.equal(await a.$$eval('.poster-language li', (lines) => lines.length), 9, 'three lines on anonymity in each');
  t.match(await a.textContent('#poster-version'), /Directory version 3 or newer/, 'the version is on the poster');

  // --- The operator hides the directory (to have a second "version 1" signed): refused; the poster keeps version 3 ---
  await a.route('**/api/console/directory', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, json: { ...((await response.json()) as object), directory: null } });
  });
  await a.click('#nav-accounts');
  await a.waitForSelector('#main > p.alert', { timeout: 30_000 });
  t.match(await a.textContent('#main'), /older directory than this browser has already seen, or none at all/, 'a hidden directory stops the accounts screen; nothing is offered to sign');
  t.equal(await a.$('#sign-form'), null, 'no signing form');
  await a.click('#nav-poster');
  await a.waitForSelector('#poster-form');
  await a.click('#poster-make');
  await a.waitForSelector('#poster-qr svg path', { timeout: 30_000 });
  t.match(await a.textContent('#poster-link'), /&v=3$/, 'the poster still pins the highest version this browser saw');
  await a.unroute('**/api/console/directory');
});

t.test('an organisation made with the command line is adopted: its key and directory continue', async (t) => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'qauipsiz-trust-adopt-')), 'data');
  const cliPassphrase = 'pebble juniper compass violet harbour';
  const created = await runAdmin(dataDir, ['create-org', '--name', 'CLI inspectorate'], [cliPassphrase, cliPassphrase]);
  t.equal(created.code, 0, `create-org: ${created.stderr}`);
  const printed = /fingerprint \(publish it\): ([0-9a-f ]+)/.exec(created.stdout)?.[1]?.trim();
  const added = await runAdmin(dataDir, ['add-inspector', '--name', 'CLI Inspector', '--group', 'region-75', '--username', 'cliinspector'], [
    cliPassphrase,
    'winter orchard copper lantern',
    'winter orchard copper lantern',
  ]);
  t.equal(added.code, 0, `add-inspector: ${added.stderr}`);
  const adopting = await startServer(dataDir, cheapPow);
  t.teardown(() => adopting.stop());
  const link = /Console setup: (\S+#setup=[A-Za-z0-9_-]+)/.exec(adopting.output())?.[1];
  if (link === undefined) throw new Error(`no setup link:\n${adopting.output()}`);
  const directoryOf = async () => {
    const answer = (await (await fetch(`${adopting.publicUrl}/api/v1/directory`)).json()) as { organisationKey: string; directory: string | null };
    return answer.directory === null ? null : readDirectory(fromBase64Url(answer.directory), fromBase64Url(answer.organisationKey));
  };
  const before = await directoryOf();
  t.equal(before?.version, 2, 'the CLI published versions 1 and 2');

  const { page, context } = await open(link, 'en-GB');
  t.teardown(() => context.close());
  await page.waitForSelector('#setup-adopt');
  t.equal(await page.textContent('#adopt-fingerprint'), printed, 'the fingerprint to compare is the one the CLI printed');
  t.equal(await page.inputValue('#setup-organisation'), 'CLI inspectorate', 'the organisation’s name');
  await page.fill('#setup-cli-passphrase', cliPassphrase);
  await page.fill('#setup-username', 'admin');
  await page.fill('#setup-display-name', 'Adopting Administrator');
  await page.fill('#setup-passphrase', adminPassphrase);
  await page.fill('#setup-passphrase-repeat', adminPassphrase);
  await page.fill('#setup-org-passphrase', organisationPassphrase);
  await page.fill('#setup-org-passphrase-repeat', organisationPassphrase);
  await page.click('#setup-submit');
  await page.waitForSelector('#recovery-key', { timeout: 60_000 });
  await page.check('#recovery-confirm');
  await page.click('#setup-finish');
  await page.waitForSelector('#invite-create-form', { timeout: 60_000 });
  const after = await directoryOf();
  t.equal(after?.version, 3, 'the console signed version 3');
  t.same(after?.members['region-75'], before?.members['region-75'], 'the CLI’s inspector still receives for region 75');
  t.not(after?.recovery, null, 'and the new recovery key is named');
  t.equal(await page.$('#key-stop'), null, 'the administrator signed in without a warning');

  // --- A legacy envelope (the bare key, same salt): the organisation key is compared, then sealed in ---
  const inspectorPassphrase = 'winter orchard copper lantern';
  const onDisk = (sql: string, ...values: unknown[]) => {
    const db = new Database(join(dataDir, 'qauipsiz.db'));
    try {
      return db.prepare(sql).get(...values) as Record<string, Buffer | string | null> | undefined;
    } finally {
      db.close();
    }
  };
  const run = (sql: string, ...values: unknown[]) => {
    const db = new Database(join(dataDir, 'qauipsiz.db'));
    try {
      db.prepare(sql).run(...values);
    } finally {
      db.close();
    }
  };
  const bundle = onDisk("SELECT key_envelope FROM staff_accounts WHERE username = 'cliinspector'")?.key_envelope as Buffer;
  const salt = passphraseEnvelopeSalt(bundle);
  const { wrappingKey } = deriveFromPassphrase(inspectorPassphrase, salt);
  const legacy = wrapWithKey(openStaffKeys(bundle, wrappingKey).keyPair.privateKey, salt, wrappingKey);
  t.equal(legacy.length, 89, 'a legacy envelope');
  run("UPDATE staff_accounts SET key_envelope = ?, signing_public_key = NULL WHERE username = 'cliinspector'", Buffer.from(legacy));
  const { page: legacyPage, context: legacyContext } = await open(`${adopting.consoleUrl}/`, 'en-GB');
  t.teardown(() => legacyContext.close());
  await signIn(legacyPage, 'cliinspector', inspectorPassphrase);
  await legacyPage.waitForSelector('#anchor-fingerprint', { timeout: 60_000 });
  t.equal(await legacyPage.textContent('#anchor-fingerprint'), printed, 'the legacy envelope: the organisation key’s fingerprint is shown to compare');
  t.equal(await legacyPage.$('#nav-queue'), null, 'nothing else before the answer');
  await legacyPage.click('#anchor-confirm');
  await legacyPage.waitForSelector('#anchor-tail-error:not([hidden])');
  t.equal((onDisk("SELECT key_envelope FROM staff_accounts WHERE username = 'cliinspector'")?.key_envelope as Buffer | undefined)?.length, 89, 'a click alone seals nothing');
  await legacyPage.fill('#anchor-tail', (printed ?? '').replace(/\s/g, '').slice(-8));
  await legacyPage.click('#anchor-confirm');
  await legacyPage.waitForSelector('#queue-filters', { timeout: 60_000 });
  const upgraded = onDisk("SELECT key_envelope, signing_public_key FROM staff_accounts WHERE username = 'cliinspector'");
  t.equal((upgraded?.key_envelope as Buffer | undefined)?.length, 122, 'confirmed: the envelope now seals the organisation key');
  t.ok(upgraded?.signing_public_key, 'and the signing key is recorded');
  await legacyPage.click('#logout');
  await signIn(legacyPage, 'cliinspector', inspectorPassphrase);
  await legacyPage.waitForSelector('#queue-filters', { timeout: 60_000 });
  t.pass('the same passphrase signs in straight away afterwards');
  // The operator serves the old envelope again, to have its own organisation key compared and accepted.
  run("UPDATE staff_accounts SET key_envelope = ?, signing_public_key = NULL WHERE username = 'cliinspector'", Buffer.from(legacy));
  await legacyPage.click('#logout');
  await signIn(legacyPage, 'cliinspector', inspectorPassphrase);
  await legacyPage.waitForSelector('#key-stop', { timeout: 60_000 });
  t.match(await legacyPage.textContent('#stop-detail'), /again sent your key in its old form/, 'a second legacy prompt for the same username is refused with the full stop');
  t.equal(await legacyPage.$('#anchor-fingerprint'), null, 'no fingerprint is offered to accept');

  // --- An organisation key still wrapped under the administrator's sign-in passphrase gets its own ---
  const wrapped = onDisk('SELECT wrapped_signing_key FROM organisation')?.wrapped_signing_key as Buffer;
  const organisationKey = unwrapWithPassphrase(wrapped, organisationPassphrase);
  run("UPDATE organisation SET wrapped_signing_key = ?, signing_key_protection = 'login_passphrase'", Buffer.from(wrapWithPassphrase(organisationKey, adminPassphrase)));
  await page.click('#nav-queue');
  await page.click('#nav-accounts');
  await page.waitForSelector('#sign-legacy-wrap', { timeout: 30_000 });
  await page.fill('#sign-passphrase', adminPassphrase);
  await page.fill('#sign-new-org-passphrase', 'Summer2026Summer');
  await page.fill('#sign-new-org-passphrase-repeat', 'Summer2026Summer');
  await page.click('#sign-submit');
  await page.waitForFunction(() => !(document.getElementById('sign-new-org-passphrase-error')?.hidden ?? true), undefined, { timeout: 60_000 });
  t.match(await page.textContent('#sign-new-org-passphrase-error'), /very hard to guess/, 'a weak organisation passphrase is refused');
  const newOrganisationPassphrase = 'saffron glacier tunnel beetle quartz';
  await page.fill('#sign-new-org-passphrase', newOrganisationPassphrase);
  await page.fill('#sign-new-org-passphrase-repeat', newOrganisationPassphrase);
  await page.click('#sign-submit');
  await page.waitForSelector('#sign-rewrapped', { timeout: 60_000 });
  const rewrapped = onDisk('SELECT wrapped_signing_key, signing_key_protection FROM organisation');
  t.equal(rewrapped?.signing_key_protection, 'organisation_passphrase', 'the organisation key is protected by its own passphrase now');
  t.same(unwrapWithPassphrase(rewrapped?.wrapped_signing_key as Buffer, newOrganisationPassphrase), organisationKey, 'which opens the same key');
});
