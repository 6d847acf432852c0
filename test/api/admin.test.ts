// The admin CLI's commands on an in-memory database, with passphrases fed as a terminal would.
import t from 'tap';
import { fromBase64Url, loadSodium } from '../../crypto/index.ts';
import { openDatabase } from '../../db/database.ts';
import { auditEntriesInOrder } from '../../db/repositories/audit.ts';
import { activeRecipientsOf, listGroups } from '../../db/repositories/groups.ts';
import { addInspector, cases, createOrg, list, read } from '../../server/admin/commands.ts';
import { buildHarness, injectReport, sampleContent, sealedSubmission } from '../helpers/fixtures.ts';

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

  const keys = (await h.app.inject({ method: 'GET', url: '/api/v1/recipients?region=75&category=missing_ppe' })).json();
  t.equal(keys.recipients[0].id, almatyId, 'the page gets the key the CLI made');
  const { body } = sealedSubmission({
    region: '75',
    category: 'missing_ppe',
    groupId: keys.groupId,
    recipients: [{ id: almatyId, keys: { publicKey: fromBase64Url(keys.recipients[0].publicKey), privateKey: new Uint8Array(32) } }],
    contact: { name: 'Нурлан', contact: 'telegram @nurlan' },
  });
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
});
