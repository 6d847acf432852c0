import t from 'tap';
import {
  boxKeyPairFromPrivateKey,
  deriveLookupId,
  deriveReporterKeyPair,
  encryptField,
  fromBase64Url,
  generateBoxKeyPair,
  generateCaseCode,
  loadSodium,
  openReport,
  sealReport,
  toBase64Url,
  utf8Encode,
  wrapReportKey,
  type ContactDetails,
  type KeyPair,
  type ReportContent,
  type SealedReport,
} from '../../crypto/index.ts';
import vector from './vectors/report.json' with { type: 'json' };

await loadSodium();

const fromHex = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));
const content = vector.content as ReportContent;
const contact: ContactDetails = vector.contact;
const inspector = boxKeyPairFromPrivateKey(fromHex(vector.recipientPrivateKey));
const otherInspector = generateBoxKeyPair();

function openAs(sealed: SealedReport, wrap: Uint8Array, keyPair: KeyPair) {
  return openReport({ reportId: sealed.reportId, content: sealed.content, contact: sealed.contact, wrap, keyPair });
}

t.test('the committed sealed report opens for its recipient and for the reporter', async (t) => {
  const s = vector.sealed;
  const sealed = {
    reportId: s.reportId,
    content: fromBase64Url(s.content),
    contact: fromBase64Url(s.contact),
  };
  const recipientWrap = fromBase64Url(s.recipientWraps[0]!.wrap);
  t.same(openReport({ ...sealed, wrap: recipientWrap, keyPair: inspector }), { content, contact });

  const reporter = deriveReporterKeyPair(vector.caseCode, fromBase64Url(s.reporterSalt));
  t.same(openReport({ ...sealed, wrap: fromBase64Url(s.reporterWrap), keyPair: reporter }), { content, contact });
  t.equal(toBase64Url(deriveLookupId(vector.caseCode)), s.lookupId);
});

t.test('a fresh report round-trips for each recipient and for the reporter', async (t) => {
  const caseCode = generateCaseCode();
  const sealed = sealReport({
    caseCode,
    content,
    contact,
    recipients: [
      { id: 'a', publicKey: inspector.publicKey },
      { id: 'b', publicKey: otherInspector.publicKey },
    ],
  });
  t.match(sealed.reportId, /^[A-Za-z0-9_-]{22}$/);
  t.same([sealed.lookupId.length, sealed.reporterSalt.length, sealed.reporterWrap.length], [32, 16, 81]);
  t.same(sealed.lookupId, deriveLookupId(caseCode));
  t.same(sealed.recipientWraps.map((w) => w.recipientId), ['a', 'b']);

  const [wrapA, wrapB] = sealed.recipientWraps;
  t.same(openAs(sealed, wrapA!.wrap, inspector), { content, contact });
  t.same(openAs(sealed, wrapB!.wrap, otherInspector), { content, contact });
  const reporter = deriveReporterKeyPair(caseCode, sealed.reporterSalt);
  t.same(openAs(sealed, sealed.reporterWrap, reporter), { content, contact });
});

t.test('a report without contact details stays without them', async (t) => {
  const sealed = sealReport({ caseCode: generateCaseCode(), content, contact: null, recipients: [{ id: 'a', publicKey: inspector.publicKey }] });
  t.equal(sealed.contact, null);
  t.same(openAs(sealed, sealed.recipientWraps[0]!.wrap, inspector), { content, contact: null });
});

t.test('nobody else can open it', async (t) => {
  const caseCode = generateCaseCode();
  const sealed = sealReport({ caseCode, content, contact, recipients: [{ id: 'a', publicKey: inspector.publicKey }] });
  const wrap = sealed.recipientWraps[0]!.wrap;
  t.throws(() => openAs(sealed, wrap, otherInspector), { code: 'crypto.decrypt_failed' }, 'a recipient not wrapped');
  t.throws(() => openAs(sealed, sealed.reporterWrap, deriveReporterKeyPair(generateCaseCode(), sealed.reporterSalt)), {
    code: 'crypto.decrypt_failed',
  }, 'another case code');
  t.throws(() => openAs(sealed, sealed.reporterWrap, deriveReporterKeyPair(caseCode, new Uint8Array(16))), {
    code: 'crypto.decrypt_failed',
  }, 'the right code with another salt');
});

t.test('envelopes cannot be swapped between fields or reports', async (t) => {
  const recipients = [{ id: 'a', publicKey: inspector.publicKey }];
  const sealed = sealReport({ caseCode: generateCaseCode(), content, contact, recipients });
  const other = sealReport({ caseCode: generateCaseCode(), content, contact, recipients });
  const wrap = sealed.recipientWraps[0]!.wrap;
  t.throws(() => openReport({ ...sealed, content: sealed.contact!, contact: sealed.content, wrap, keyPair: inspector }), {
    code: 'crypto.decrypt_failed',
  });
  t.throws(() => openReport({ ...sealed, content: other.content, wrap, keyPair: inspector }), { code: 'crypto.decrypt_failed' });
  t.throws(() => openReport({ ...other, reportId: sealed.reportId, wrap: other.recipientWraps[0]!.wrap, keyPair: inspector }), {
    code: 'crypto.decrypt_failed',
  });
});

t.test('sealing refuses no recipients, malformed content and bad case codes', async (t) => {
  const recipients = [{ id: 'a', publicKey: inspector.publicKey }];
  const caseCode = generateCaseCode();
  t.throws(() => sealReport({ caseCode, content, contact, recipients: [] }), { code: 'crypto.no_recipients' });
  const badContents: unknown[] = [
    { ...content, v: 2 },
    { ...content, language: 'de' },
    { ...content, happened: '2026-13' },
    { ...content, happened: '2026-10-01' },
    { ...content, what: 42 },
    { ...content, extra: 'x' },
    (({ who: _, ...rest }) => rest)(content),
  ];
  for (const bad of badContents) {
    t.throws(() => sealReport({ caseCode, content: bad as ReportContent, contact, recipients }), { code: 'crypto.bad_content' });
  }
  t.throws(() => sealReport({ caseCode, content, contact: { name: 'x' } as ContactDetails, recipients }), { code: 'crypto.bad_content' });
  t.throws(() => sealReport({ caseCode: caseCode.slice(1), content, contact, recipients }), { code: 'crypto.bad_case_code' });
  t.throws(() => sealReport({ caseCode, content: { ...content, what: 'x'.repeat(70_000) }, contact, recipients }), {
    code: 'envelope.too_large',
  });
});

t.test('opening rejects authentic envelopes whose JSON has the wrong shape', async (t) => {
  const report = generateBoxKeyPair();
  const reportId = toBase64Url(new Uint8Array(16).fill(1));
  const wrap = wrapReportKey(report.privateKey, inspector.publicKey);
  const sealContent = (json: string) => encryptField({ reportId, field: 'content', plaintext: utf8Encode(json), reportPublicKey: report.publicKey });
  const bad = ['not json', '[]', 'null', JSON.stringify({ ...content, v: 2 }), JSON.stringify({ ...content, extra: 1 })];
  for (const json of bad) {
    t.throws(() => openReport({ reportId, content: sealContent(json), contact: null, wrap, keyPair: inspector }), { code: 'crypto.bad_content' }, json);
  }
  const invalidUtf8 = encryptField({ reportId, field: 'content', plaintext: Uint8Array.of(0xff), reportPublicKey: report.publicKey });
  t.throws(() => openReport({ reportId, content: invalidUtf8, contact: null, wrap, keyPair: inspector }), { code: 'crypto.bad_content' });
  t.same(openReport({ reportId, content: sealContent(JSON.stringify(content)), contact: null, wrap, keyPair: inspector }), { content, contact: null });
});
