// The whole slice through real processes: admin CLI, server, a submission with a marker in every
// field and in every identifying header, then a search of everything the server keeps.
import t from 'tap';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromBase64Url, keyFingerprint, loadSodium, toBase64Url } from '../../crypto/index.ts';
import { sampleContent, sealedSubmission } from '../helpers/fixtures.ts';
import { fetchRoute, postReport, postStatus } from '../helpers/reporter-client.ts';
import { everythingUnder, runAdmin, startServer } from '../helpers/server-process.ts';

const orgPassphrase = 'correct horse battery staple';
const inspectorPassphrase = 'inspector passphrase 2026';

t.test('nothing the reporter wrote or sent about themselves is kept in clear', async (t) => {
  await loadSodium();
  const dataDir = join(mkdtempSync(join(tmpdir(), 'qauipsiz-privacy-')), 'data');

  const org = await runAdmin(dataDir, ['create-org', '--name', 'Test inspectorate'], [orgPassphrase, orgPassphrase]);
  t.equal(org.code, 0, org.stderr);
  t.match(org.stdout, /Organisation key fingerprint/);
  const added = await runAdmin(dataDir, ['add-inspector', '--name', 'Aigerim', '--group', 'region-75'], [orgPassphrase, inspectorPassphrase, inspectorPassphrase]);
  t.equal(added.code, 0, added.stderr);
  const inspectorId = /with id (\S+)/.exec(added.stdout)?.[1] ?? '';
  t.ok(inspectorId, 'inspector id printed');

  const server = await startServer(dataDir, {}); // the default proof-of-work difficulty
  t.teardown(() => server.stop());
  const identifying = { 'x-forwarded-for': '203.0.113.99', 'user-agent': 'ReporterPhone/MARKER-UA', referer: 'https://marker-referer.example/page' };

  // The page holds the organisation key whose fingerprint the organisation published (create-org printed it).
  const served = (await (await fetch(`${server.publicUrl}/api/v1/directory`, { headers: identifying })).json()) as { organisationKey: string };
  const organisationKey = fromBase64Url(served.organisationKey);
  t.match(org.stdout, keyFingerprint(organisationKey), 'the key served is the one whose fingerprint was published');
  const keys = await fetchRoute(server.publicUrl, '75', 'concealed_injury.hush_payment', { organisationKey, headers: identifying });
  t.equal(keys.groupId, 'region-75');
  t.same(keys.recipients.map((r) => r.id), [inspectorId], 'routed by the signed directory to the certified inspector');

  const marker = 'ZQXMARKER';
  const content = { ...sampleContent(marker), what: `${marker} what`, who: `${marker} who`, where: `${marker} where`, employer: `${marker} employer` };
  const { caseCode, body } = sealedSubmission({
    region: '75',
    category: 'concealed_injury.hush_payment',
    groupId: keys.groupId,
    recipients: keys.recipients,
    content,
    contact: { name: `${marker} name`, contact: `${marker} phone` },
  });
  const submitted = await postReport(server.publicUrl, body, identifying);
  t.equal(submitted.status, 201);
  const status = await postStatus(server.publicUrl, body.lookupId, identifying);
  t.same(await status.json(), { status: 'new', receivedDay: (await submitted.json()).receivedDay });

  // The inspector reads it in the terminal with the same crypto the console will use.
  const read = await runAdmin(dataDir, ['read', body.reportId, '--inspector', inspectorId], [inspectorPassphrase]);
  t.equal(read.code, 0, read.stderr);
  t.match(read.stdout, `${marker} what`);
  t.match(read.stdout, `${marker} name`);
  t.match(read.stdout, /Category:\s+Hush payment/);
  const wrong = await runAdmin(dataDir, ['read', body.reportId, '--inspector', inspectorId], ['not the passphrase']);
  t.equal(wrong.code, 1);
  t.match(wrong.stderr, /Wrong passphrase/);
  t.notMatch(wrong.stdout, marker);
  // Ids are base64url: one in 64 starts with '-', and must still read as an id, not an option.
  const dashed = await runAdmin(dataDir, ['read', '-v3TzAxxxxxxxxxxxxxxxx', '--inspector', '--x9abc'], []);
  t.equal(dashed.code, 1);
  t.match(dashed.stderr, 'No inspector with id --x9abc.', 'an id starting with dashes is taken as an id');
  const dashedCase = await runAdmin(dataDir, ['read', '-v3TzAxxxxxxxxxxxxxxxx', `--inspector=${inspectorId}`], []);
  t.match(dashedCase.stderr, 'No case -v3TzAxxxxxxxxxxxxxxxx for this inspector.');

  t.equal(await server.stop(), 0, 'graceful stop');
  const stored = everythingUnder(dataDir);
  t.ok(readdirSync(dataDir).some((f) => f.endsWith('-wal')) || readdirSync(dataDir).includes('qauipsiz.db'), 'database files are there');
  const logs = server.output();
  const secrets = [marker, caseCode, body.lookupId, toBase64Url(fromBase64Url(body.lookupId)), orgPassphrase, inspectorPassphrase];
  const identities = ['203.0.113.99', 'MARKER-UA', 'marker-referer'];
  for (const needle of [...secrets, ...identities]) {
    t.notOk(stored.includes(Buffer.from(needle)), `DATA_DIR does not contain ${needle.slice(0, 24)}`);
    t.notOk(logs.includes(needle), `the server log does not contain ${needle.slice(0, 24)}`);
  }
  t.notOk(stored.includes(Buffer.from(caseCode.slice(0, 12))), 'no part of the case code is stored');

  const secretMode = statSync(join(dataDir, 'server-secret.key')).mode & 0o777;
  t.equal(secretMode, 0o600, 'server secret is owner-only');
  t.equal(statSync(dataDir).mode & 0o077, 0, 'DATA_DIR is owner-only');
});
