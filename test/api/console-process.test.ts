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
  encryptField,
  fromBase64Url,
  generateBoxKeyPair,
  loadSodium,
  openReport,
  signRecipientKey,
  toBase64Url,
  unwrapReportKey,
  unwrapWithPassphrase,
  utf8Encode,
  wrapWithPassphrase,
} from '../../crypto/index.ts';
import { sampleContent, sealedSubmission } from '../helpers/fixtures.ts';
import { fetchRecipients, postReport, postStatus } from '../helpers/reporter-client.ts';
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

  // The administrator's browser adopts the CLI's organisation: it unwraps the signing key with the organisation passphrase.
  const state = await call('GET', `/setup?token=${setupToken}`);
  const signingKey = unwrapWithPassphrase(fromBase64Url(state.json!.organisation.wrappedSigningKey), orgPassphrase);
  const adminKeys = generateBoxKeyPair();
  const adminEnvelope = wrapWithPassphrase(adminKeys.privateKey, adminPassphrase);
  const adminAuth = deriveFromPassphrase(adminPassphrase, passphraseEnvelopeSalt(adminEnvelope)).authValue;
  const recovery = generateBoxKeyPair();
  const setup = await call('POST', '/setup', {
    token: setupToken,
    organisationName: 'Inspectorate',
    username: 'admin',
    displayName: 'Admin',
    authValue: toBase64Url(adminAuth),
    keyEnvelope: toBase64Url(adminEnvelope),
    publicKey: toBase64Url(adminKeys.publicKey),
    signingPublicKey: state.json!.organisation.signingPublicKey,
    wrappedSigningKey: toBase64Url(wrapWithPassphrase(signingKey, adminPassphrase)),
    recoveryPublicKey: toBase64Url(recovery.publicKey),
    recoverySignature: toBase64Url(signRecipientKey({ recipientId: 'recovery', publicKey: recovery.publicKey }, signingKey)),
    adminSignature: toBase64Url(signRecipientKey({ recipientId: 'AdminAccount01', publicKey: adminKeys.publicKey }, signingKey)),
    accountId: 'AdminAccount01',
  });
  t.equal(setup.status, 201, JSON.stringify(setup.json));

  // A worker reports; the page wraps for the inspector and the recovery key.
  const keys = await fetchRecipients(server.publicUrl, '75', 'missing_ppe');
  t.same(keys.recipients.map((r) => r.id).sort(), [inspectorId, 'recovery'].sort());
  const marker = 'ZQXCONSOLEMARKER';
  const { body } = sealedSubmission({ region: '75', category: 'missing_ppe', groupId: keys.groupId, recipients: keys.inspectors, content: { ...sampleContent(marker), what: `${marker} what` } });
  t.equal((await postReport(server.publicUrl, body)).status, 201);

  // The CLI-made inspector logs in with the passphrase, as the console page does.
  const salt = fromBase64Url((await call('POST', '/login/salt', { username: 'aigerim' })).json!.salt);
  const { authValue } = deriveFromPassphrase(inspectorPassphrase, salt);
  const loggedIn = await call('POST', '/login', { username: 'aigerim', authValue: toBase64Url(authValue) });
  t.equal(loggedIn.status, 200);
  const session = { cookie: loggedIn.cookie ?? '', csrfToken: loggedIn.json!.csrfToken as string };
  const privateKey = unwrapWithPassphrase(fromBase64Url(loggedIn.json!.me.keyEnvelope), inspectorPassphrase);
  const inspectorKeys = { publicKey: fromBase64Url(loggedIn.json!.me.publicKey), privateKey };
  const view = (await call('GET', `/cases/${body.reportId}`, undefined, session)).json!;
  const opened = openReport({ reportId: body.reportId, content: fromBase64Url(view.content), contact: null, wrap: fromBase64Url(view.wrap), keyPair: inspectorKeys });
  t.equal(opened.content.what, `${marker} what`, 'the inspector reads the report in "the browser"');
  const reportKeys = unwrapReportKey(fromBase64Url(view.wrap), inspectorKeys);
  const note = encryptField({ reportId: body.reportId, field: 'note', plaintext: utf8Encode(`${marker} note`), reportPublicKey: reportKeys.publicKey });
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
