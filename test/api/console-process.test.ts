// The console through the real processes: main.ts prints the setup link, an administrator adopts
// the CLI's organisation in "the browser", a CLI-made inspector logs in and works a case, and then
// nothing secret is found in DATA_DIR; verify-audit passes, and fails once a row is altered.
import t from 'tap';
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  deriveFromPassphrase,
  passphraseEnvelopeSalt,
  fromBase64Url,
  generateBoxKeyPair,
  issueCertificate,
  loadSodium,
  openReport,
  openStaffKeys,
  readDirectory,
  sealNote,
  sealStaffKeys,
  signDirectory,
  staffSigningKeyPair,
  certificateDigest,
  toBase64Url,
  unwrapReportKey,
  unwrapWithPassphrase,
} from '../../crypto/index.ts';
import { recoveryGroups } from '../helpers/directory.ts';
import { sampleContent, sealedSubmission } from '../helpers/fixtures.ts';
import { fetchRoute, postReport, postStatus } from '../helpers/reporter-client.ts';
import { everythingUnder, runAdmin, startServer } from '../helpers/server-process.ts';

const orgPassphrase = 'organisation passphrase 2026';
const inspectorPassphrase = 'inspector passphrase MARKERPASS';
const adminPassphrase = 'administrator passphrase ADMINPASS';

t.test('a whole console session leaves no passphrase, private key or plaintext on disk; the audit chain holds', async (t) => {
  await loadSodium('sumo');
  const dataDir = join(mkdtempSync(join(tmpdir(), 'qauipsiz-console-')), 'data');
  t.equal((await runAdmin(dataDir, ['create-org', '--name', 'Inspectorate'], [orgPassphrase, orgPassphrase])).code, 0);
  const added = await runAdmin(dataDir, ['add-inspector', '--name', 'Aigerim', '--group', 'region-75', '--username', 'aigerim'], [orgPassphrase, inspectorPassphrase, inspectorPassphrase]);
  t.equal(added.code, 0, added.stderr);
  t.match(added.stdout, /Console username: aigerim/);
  const inspectorId = /with id (\S+)/.exec(added.stdout)?.[1] ?? '';

  const server = await startServer(dataDir);
  t.teardown(() => server.stop());
  await new Promise((resolve) => setTimeout(resolve, 200));
  const setupLine = /Console setup: (http:\/\/127\.0\.0\.1:\d+)\/#setup=([A-Za-z0-9_-]{43})/.exec(server.output());
  t.ok(setupLine, 'main.ts prints the setup link');
  t.equal(setupLine?.[1], server.consoleUrl);
  const setupToken = setupLine?.[2] ?? '';
  const consoleApi = `${server.consoleUrl}/api/console`;
  const call = async (method: string, path: string, body?: unknown, session?: { cookie: string; csrfToken: string }) => {
    const res = await fetch(`${consoleApi}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrfToken } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const cookie = /qsid=[A-Za-z0-9_-]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
    return { status: res.status, json: res.status === 204 ? null : ((await res.json()) as Record<string, any>), cookie };
  };

  // The administrator's browser adopts the CLI's organisation: it unwraps the signing key with the
  // organisation passphrase, checks the CLI's directory with it, and signs the next version.
  const state = await call('GET', `/setup?token=${setupToken}`);
  const organisation = state.json!.organisation;
  const organisationKey = fromBase64Url(organisation.signingPublicKey);
  const signingKey = unwrapWithPassphrase(fromBase64Url(organisation.wrappedSigningKey), orgPassphrase);
  const cliDirectory = readDirectory(fromBase64Url(organisation.directory), organisationKey)!;
  t.ok(cliDirectory, 'the CLI\'s directory verifies with the key it unwrapped');
  const adminKeys = generateBoxKeyPair();
  const adminSigning = staffSigningKeyPair(adminKeys.privateKey);
  const adminEnvelope = sealStaffKeys(adminKeys.privateKey, organisationKey, adminPassphrase);
  const adminAuth = deriveFromPassphrase(adminPassphrase, passphraseEnvelopeSalt(adminEnvelope)).authValue;
  const recovery = generateBoxKeyPair();
  const day = '2026-12-02';
  const adminCertificate = issueCertificate({ accountId: 'AdminAccount01', boxKey: adminKeys.publicKey, signKey: adminSigning.publicKey, role: 'admin', groups: [], issuedDay: day }, signingKey);
  const recoveryCertificate = issueCertificate({ accountId: 'recovery', boxKey: recovery.publicKey, signKey: null, role: 'recovery', groups: recoveryGroups(cliDirectory), issuedDay: day }, signingKey);
  const directory = signDirectory({ ...cliDirectory, version: cliDirectory.version + 1, issuedDay: day, recovery: certificateDigest(recoveryCertificate) }, signingKey);
  const setup = await call('POST', '/setup', {
    token: setupToken,
    organisationName: 'Inspectorate',
    username: 'admin',
    displayName: 'Admin',
    authValue: toBase64Url(adminAuth),
    keyEnvelope: toBase64Url(adminEnvelope),
    publicKey: toBase64Url(adminKeys.publicKey),
    accountSigningKey: toBase64Url(adminSigning.publicKey),
    signingPublicKey: organisation.signingPublicKey,
    wrappedSigningKey: organisation.wrappedSigningKey,
    recoveryPublicKey: toBase64Url(recovery.publicKey),
    recoveryCertificate: toBase64Url(recoveryCertificate),
    adminCertificate: toBase64Url(adminCertificate),
    directory: toBase64Url(directory),
    accountId: 'AdminAccount01',
  });
  t.equal(setup.status, 201, JSON.stringify(setup.json));

  // A worker reports; the page routes over the signed directory to the inspector and the recovery key.
  const route = await fetchRoute(server.publicUrl, '75', 'missing_ppe', { organisationKey });
  t.same(route.recipients.map((r) => r.id).sort(), [inspectorId, 'recovery'].sort());
  const marker = 'ZQXCONSOLEMARKER';
  const { body } = sealedSubmission({ region: '75', category: 'missing_ppe', groupId: route.groupId, recipients: route.recipients, content: { ...sampleContent(marker), what: `${marker} what` } });
  t.equal((await postReport(server.publicUrl, body)).status, 201);

  // The CLI-made inspector logs in with the passphrase, as the console page does.
  const salt = fromBase64Url((await call('POST', '/login/salt', { username: 'aigerim' })).json!.salt);
  const { authValue, wrappingKey } = deriveFromPassphrase(inspectorPassphrase, salt);
  const loggedIn = await call('POST', '/login', { username: 'aigerim', authValue: toBase64Url(authValue) });
  t.equal(loggedIn.status, 200);
  const session = { cookie: loggedIn.cookie ?? '', csrfToken: loggedIn.json!.csrfToken as string };
  const staffKeys = openStaffKeys(fromBase64Url(loggedIn.json!.me.keyEnvelope), wrappingKey);
  t.same(staffKeys.organisationKey, organisationKey, 'the CLI anchored the organisation key in her envelope');
  t.same(staffKeys.keyPair.publicKey, fromBase64Url(loggedIn.json!.me.publicKey), 'the server holds her key');
  const privateKey = staffKeys.keyPair.privateKey;
  const inspectorKeys = staffKeys.keyPair;
  const view = (await call('GET', `/cases/${body.reportId}`, undefined, session)).json!;
  const opened = openReport({ reportId: body.reportId, content: fromBase64Url(view.content), contact: null, wrap: fromBase64Url(view.wrap), keyPair: inspectorKeys });
  t.equal(opened.content.what, `${marker} what`, 'the inspector reads the report in "the browser"');
  const reportKeys = unwrapReportKey(fromBase64Url(view.wrap), inspectorKeys);
  const note = sealNote({ reportId: body.reportId, authorId: inspectorId, text: `${marker} note`, reportPublicKey: reportKeys.publicKey, signingKeyPair: staffKeys.signingKeyPair });
  t.equal((await call('POST', `/cases/${body.reportId}/notes`, { ciphertext: toBase64Url(note) }, session)).status, 201);
  t.equal((await call('POST', `/cases/${body.reportId}/transition`, { to: 'acknowledged' }, session)).status, 200);
  t.same(await (await postStatus(server.publicUrl, body.lookupId)).json(), { status: 'acknowledged', receivedDay: view.receivedDay });
  t.equal((await call('POST', '/logout', undefined, session)).status, 204);

  t.equal(await server.stop(), 0);
  const stored = everythingUnder(dataDir);
  const secrets: [string, Uint8Array | string][] = [
    ['inspector passphrase', inspectorPassphrase],
    ['admin passphrase', adminPassphrase],
    ['organisation passphrase', orgPassphrase],
    ['marker', marker],
    ['inspector private key', privateKey],
    ['admin private key', adminKeys.privateKey],
    ['recovery private key', recovery.privateKey],
    ['organisation signing key', signingKey.subarray(0, 32)],
    ['report private key', reportKeys.privateKey],
    ['inspector authValue', authValue],
    ['inspector authValue (base64url)', toBase64Url(authValue)],
    ['session cookie', session.cookie.slice(5)],
    ['setup token', setupToken],
  ];
  for (const [name, secret] of secrets) {
    t.notOk(stored.includes(typeof secret === 'string' ? Buffer.from(secret) : Buffer.from(secret)), `DATA_DIR does not hold the ${name}`);
    if (typeof secret === 'string' && name !== 'setup token') t.notOk(server.output().includes(secret), `the log does not hold the ${name}`);
  }

  const intact = await runAdmin(dataDir, ['verify-audit']);
  t.equal(intact.code, 0, intact.stderr);
  t.match(intact.stdout, /Audit log intact: \d+ entries/);

  // Someone with the database file drops the guard and rewrites history.
  const sqlite = new Database(join(dataDir, 'qauipsiz.db'));
  sqlite.exec('drop trigger audit_log_no_update');
  const target = sqlite.prepare("select seq from audit_log where action = 'case.decrypt' order by seq limit 1").pluck().get() as number;
  sqlite.prepare("update audit_log set actor_id = 'someone-else' where seq = ?").run(target);
  sqlite.close();
  const broken = await runAdmin(dataDir, ['verify-audit']);
  t.equal(broken.code, 1);
  t.match(broken.stdout, new RegExp(`Audit log broken at seq ${target}: its content does not match its hash`));
});
