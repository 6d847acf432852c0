// The admin CLI's commands on an in-memory database, with passphrases fed as a terminal would.
import t from 'tap';
import { deriveFromPassphrase, generateSigningKeyPair, loadSodium, openStaffKeys, passphraseEnvelopeSalt, readCertificate, readDirectory, signDirectory, unwrapWithPassphrase } from '../../crypto/index.ts';
import { openDatabase } from '../../db/database.ts';
import { getAccount } from '../../db/repositories/accounts.ts';
import { auditEntriesInOrder } from '../../db/repositories/audit.ts';
import { getCurrentDirectory, listCertificates, publishDirectory } from '../../db/repositories/directory.ts';
import { activeRecipientsOf, listGroups } from '../../db/repositories/groups.ts';
import { getOrganisation } from '../../db/repositories/organisation.ts';
import { addInspector, cases, createOrg, list, read } from '../../server/admin/commands.ts';
import { buildHarness, injectReport, pageSubmission, sampleContent } from '../helpers/fixtures.ts';

function io(secrets: string[]) {
  const lines: string[] = [];
  const prompts: string[] = [];
  return {
    lines,
    prompts,
    io: {
      out: (line: string) => void lines.push(line),
      readSecret: async (prompt: string) => {
        prompts.push(prompt);
        const next = secrets.shift();
        if (next === undefined) throw new Error('no more input');
        return next;
      },
      today: () => '2026-11-26',
    },
  };
}

const orgPass = 'organisation passphrase';
const inspectorPass = 'inspector passphrase';

t.before(() => loadSodium('sumo'));

t.test('create-org makes the signing key and one group per region plus national and anti-corruption', async (t) => {
  const { db, close } = openDatabase(':memory:');
  t.teardown(close);
  const session = io([orgPass, orgPass]);
  await createOrg(db, session.io, 'Inspectorate');
  const groups = listGroups(db);
  t.equal(groups.length, 22);
  t.ok(groups.some((g) => g.id === 'region-75' && g.regionKato === '75' && g.nameEn.startsWith('Labour inspection — ')));
  t.ok(groups.some((g) => g.id === 'national' && g.kind === 'national'));
  t.ok(groups.some((g) => g.id === 'anti-corruption' && g.kind === 'anti_corruption'));
  t.match(session.lines.join('\n'), /fingerprint \(publish it\): [0-9a-f]{4}( [0-9a-f]{4})+/);
  const org = getOrganisation(db)!;
  t.equal(org.signingKeyProtection, 'organisation_passphrase');
  t.same(unwrapWithPassphrase(org.wrappedSigningKey, orgPass).subarray(32), org.signingPublicKey, 'the organisation key, wrapped under the organisation passphrase');
  const directory = readDirectory(getCurrentDirectory(db)!.directory, org.signingPublicKey);
  t.match(directory, { version: 1, members: {}, recovery: null }, 'directory version 1, signed with the organisation key, nobody in it yet');
  t.equal(directory?.routing.regions['75'], 'region-75');
  t.equal(Object.keys(directory?.routing.regions ?? {}).length, 20, 'every region to its group');
  t.equal(directory?.routing.fallback, 'national');
  t.same(directory?.routing.exclusive, { inspector_corruption: 'anti-corruption' });
  await t.rejects(createOrg(db, io([orgPass, orgPass]).io, 'Again'), { message: 'The organisation already exists.' }, 'only one organisation');
});

t.test('passphrases are checked: length, repetition, and the organisation passphrase to sign', async (t) => {
  const { db, close } = openDatabase(':memory:');
  t.teardown(close);
  await t.rejects(createOrg(db, io(['short', 'short']).io, 'X'), { message: /at least 12 characters/ });
  await t.rejects(createOrg(db, io([orgPass, 'something else!']).io, 'X'), { message: /differ; nothing was changed/ });
  await createOrg(db, io([orgPass, orgPass]).io, 'Inspectorate');
  await t.rejects(addInspector(db, io(['wrong passphrase', inspectorPass, inspectorPass]).io, { name: 'A', groupIds: ['region-75'] }), { message: 'Wrong passphrase.' });
  await t.rejects(addInspector(db, io([orgPass, inspectorPass, inspectorPass]).io, { name: 'A', groupIds: ['region-99'] }), { message: /No recipient group "region-99"/ });
  await t.rejects(addInspector(db, io([]).io, { name: 'A', groupIds: [] }), { message: /at least one --group/ });
  t.equal(activeRecipientsOf(db, 'region-75').length, 0, 'nobody was added');
});

t.test('add-inspector keeps the alternative channel of the directory it extends', async (t) => {
  const { db, close } = openDatabase(':memory:');
  t.teardown(close);
  await createOrg(db, io([orgPass, orgPass]).io, 'Inspectorate');
  const org = getOrganisation(db)!;
  const first = readDirectory(getCurrentDirectory(db)!.directory, org.signingPublicKey)!;
  const channel = { kk: 'Сенім телефоны: 7777', ru: 'Телефон доверия: 7777', en: 'Helpline: 7777' };
  const signed = signDirectory({ ...first, version: 2, channel }, unwrapWithPassphrase(org.wrappedSigningKey, orgPass));
  publishDirectory(db, { version: 2, directory: Buffer.from(signed), certificates: [], publishedBy: null, at: new Date('2026-11-26T00:00:00Z') });
  await addInspector(db, io([orgPass, inspectorPass, inspectorPass]).io, { name: 'Aigerim', groupIds: ['region-75'] });
  const after = readDirectory(getCurrentDirectory(db)!.directory, org.signingPublicKey);
  t.equal(after?.version, 3);
  t.same(after?.channel, channel, 'the channel is signed again, not dropped');
});

t.test('an added inspector can read the cases of their group in the terminal, and nobody else\'s', async (t) => {
  const h = await buildHarness({ withOrganisation: false });
  t.teardown(h.close);
  const db = h.database.db;
  await createOrg(db, io([orgPass, orgPass]).io, 'Inspectorate');
  const almatyId = await addInspector(db, io([orgPass, inspectorPass, inspectorPass]).io, { name: 'Aigerim', groupIds: ['region-75'] });
  const astanaId = await addInspector(db, io([orgPass, inspectorPass, inspectorPass]).io, { name: 'Bolat', groupIds: ['region-71'] });

  const listing = io([]);
  list(db, listing.io);
  t.match(listing.lines.join('\n'), /Aigerim\s+\[region-75\]/);

  // The CLI certified the key it made and published the directory versions listing it.
  const org = getOrganisation(db)!;
  const directory = readDirectory(getCurrentDirectory(db)!.directory, org.signingPublicKey);
  t.equal(directory?.version, 3, 'one version per inspector after the first');
  const certificate = readCertificate(listCertificates(db).find((c) => c.accountId === almatyId)!.certificate, org.signingPublicKey);
  t.match(certificate, { accountId: almatyId, role: 'inspector', groups: ['region-75'], issuedDay: '2026-11-26' });
  t.same(directory?.members['region-75'], [certificate?.digest]);
  const account = getAccount(db, almatyId)!;
  t.same(certificate?.boxKey, account.publicKey);
  t.same(certificate?.signKey, account.signingPublicKey, 'the signing key is recorded and certified');
  const staffKeys = openStaffKeys(account.keyEnvelope, deriveFromPassphrase(inspectorPass, passphraseEnvelopeSalt(account.keyEnvelope)).wrappingKey);
  t.same(staffKeys.organisationKey, org.signingPublicKey, 'the key envelope is a bundle anchoring the organisation key');
  t.same(staffKeys.signingKeyPair.publicKey, account.signingPublicKey);

  // The page holds the CLI's organisation key (from a poster link, say).
  const { body, route } = await pageSubmission(h.app, org.signingPublicKey, { region: '75', category: 'missing_ppe', contact: { name: 'Нурлан', contact: 'telegram @nurlan' } });
  t.same(route.recipients.map((c) => c.accountId), [almatyId], 'the page gets the key the CLI made');
  t.equal((await injectReport(h.app, body)).statusCode, 201);

  const listed = io([]);
  cases(db, listed.io, almatyId);
  t.match(listed.lines.join('\n'), new RegExp(`${body.reportId}\\s+2026-11-26\\s+new`));
  const other = io([]);
  cases(db, other.io, astanaId);
  t.match(other.lines.join('\n'), /No cases/);

  const reading = io([inspectorPass]);
  await read(db, reading.io, { reportId: body.reportId, inspectorId: almatyId });
  const text = reading.lines.join('\n');
  t.match(text, sampleContent().what);
  t.match(text, /Region:\s+Almaty/);
  t.match(text, /Category:\s+Missing or unusable PPE/);
  t.match(text, /Contact \(disclose only with the reporter's consent\): Нурлан, telegram @nurlan/);
  // An operator reading contact details in the terminal leaves the trace the console leaves.
  const disclosed = [...auditEntriesInOrder(db)].filter((e) => e.action === 'case.contact_disclosed');
  t.equal(disclosed.length, 1, 'the CLI read wrote one contact disclosure entry');
  t.match(disclosed[0], { actorId: almatyId, caseId: body.reportId });
  t.same(JSON.parse(disclosed[0]!.detail), { present: true, via: 'cli' });

  await t.rejects(read(db, io([inspectorPass]).io, { reportId: body.reportId, inspectorId: astanaId }), { message: `No case ${body.reportId} for this inspector.` }, 'same answer as for a case that does not exist');
  await t.rejects(read(db, io([inspectorPass]).io, { reportId: 'no-such-case', inspectorId: astanaId }), { message: 'No case no-such-case for this inspector.' });
  await t.rejects(read(db, io(['wrong passphrase!']).io, { reportId: body.reportId, inspectorId: almatyId }), { message: 'Wrong passphrase.' });

  // The operator edits the clear region: the terminal says the reporter encrypted another.
  h.db.prepare("update reports set region = '71' where id = ?").run(body.reportId);
  const edited = io([inspectorPass]);
  await read(db, edited.io, { reportId: body.reportId, inspectorId: almatyId });
  t.match(edited.lines.join('\n'), /WARNING: the stored metadata differ from what the reporter encrypted \(region 75,/);
});

t.test('add-inspector extends only a directory that verifies with the organisation key', async (t) => {
  const { db, close, sqlite } = openDatabase(':memory:');
  t.teardown(close);
  await createOrg(db, io([orgPass, orgPass]).io, 'Inspectorate');
  const forged = signDirectory({ ...readDirectory(getCurrentDirectory(db)!.directory, getOrganisation(db)!.signingPublicKey)!, members: { 'region-75': ['A'.repeat(22)] } }, generateSigningKeyPair().privateKey);
  sqlite.prepare('update signed_directories set directory = ? where version = 1').run(Buffer.from(forged));
  await t.rejects(addInspector(db, io([orgPass, inspectorPass, inspectorPass]).io, { name: 'A', groupIds: ['region-75'] }), { message: /does not verify with the organisation key; nothing was changed/ });
  t.equal(getCurrentDirectory(db)?.version, 1, 'no version published');
  t.equal(listCertificates(db).length, 0, 'no certificate stored');
});
