import t from 'tap';
import {
  boxKeyPairFromPrivateKey,
  deriveLookupId,
  deriveReporterKeyPair,
  encryptField,
  fieldMetadata,
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
  type ReportMetadata,
  type SealedReport,
} from '../../crypto/index.ts';
import vector from './vectors/report.json' with { type: 'json' };
import vector2 from './vectors/report-v2.json' with { type: 'json' };

await loadSodium();

const fromHex = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));
const content = vector.content as ReportContent;
const contact: ContactDetails = vector.contact;
const inspector = boxKeyPairFromPrivateKey(fromHex(vector.recipientPrivateKey));
const otherInspector = generateBoxKeyPair();
const metadata: ReportMetadata = vector2.metadata;

function openAs(sealed: SealedReport, wrap: Uint8Array, keyPair: KeyPair) {
  return openReport({ reportId: sealed.reportId, content: sealed.content, contact: sealed.contact, wrap, keyPair });
}

t.test('the committed version 1 sealed report still opens for its recipient and for the reporter, without metadata', async (t) => {
  const s = vector.sealed;
  const sealed = {
    reportId: s.reportId,
    content: fromBase64Url(s.content),
    contact: fromBase64Url(s.contact),
  };
  const recipientWrap = fromBase64Url(s.recipientWraps[0]!.wrap);
  t.same(openReport({ ...sealed, wrap: recipientWrap, keyPair: inspector }), { content, contact, metadata: null });

  const reporter = deriveReporterKeyPair(vector.caseCode, fromBase64Url(s.reporterSalt));
  t.same(openReport({ ...sealed, wrap: fromBase64Url(s.reporterWrap), keyPair: reporter }), { content, contact, metadata: null });
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
    metadata,
  });
  t.match(sealed.reportId, /^[A-Za-z0-9_-]{22}$/);
  t.same([sealed.lookupId.length, sealed.reporterSalt.length, sealed.reporterWrap.length], [32, 16, 81]);
  t.same(sealed.lookupId, deriveLookupId(caseCode));
  t.same(sealed.recipientWraps.map((w) => w.recipientId), ['a', 'b']);

  const [wrapA, wrapB] = sealed.recipientWraps;
  t.same(openAs(sealed, wrapA!.wrap, inspector), { content, contact, metadata });
  t.same(openAs(sealed, wrapB!.wrap, otherInspector), { content, contact, metadata });
  const reporter = deriveReporterKeyPair(caseCode, sealed.reporterSalt);
  t.same(openAs(sealed, sealed.reporterWrap, reporter), { content, contact, metadata });
});

t.test('a report without contact details stays without them', async (t) => {
  const sealed = sealReport({ caseCode: generateCaseCode(), content, contact: null, recipients: [{ id: 'a', publicKey: inspector.publicKey }], metadata });
  t.equal(sealed.contact, null);
  t.same(openAs(sealed, sealed.recipientWraps[0]!.wrap, inspector), { content, contact: null, metadata });
});

t.test('nobody else can open it', async (t) => {
  const caseCode = generateCaseCode();
  const sealed = sealReport({ caseCode, content, contact, recipients: [{ id: 'a', publicKey: inspector.publicKey }], metadata });
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
  const sealed = sealReport({ caseCode: generateCaseCode(), content, contact, recipients, metadata });
  const other = sealReport({ caseCode: generateCaseCode(), content, contact, recipients, metadata });
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
  t.throws(() => sealReport({ caseCode, content, contact, recipients: [], metadata }), { code: 'crypto.no_recipients' });
  const badContents: unknown[] = [
    { ...content, v: 2 },
    { ...content, language: 'de' },
    { ...content, happened: '2026-13' },
    { ...content, happened: '2026-10-01' },
    { ...content, happened: '2026-' },
    { ...content, happened: '26' },
    { ...content, happened: '2026-1' },
    { ...content, what: 42 },
    { ...content, extra: 'x' },
    (({ who: _, ...rest }) => rest)(content),
  ];
  for (const bad of badContents) {
    t.throws(() => sealReport({ caseCode, content: bad as ReportContent, contact, recipients, metadata }), { code: 'crypto.bad_content' });
  }
  t.throws(() => sealReport({ caseCode, content, contact: { name: 'x' } as ContactDetails, recipients, metadata }), { code: 'crypto.bad_content' });
  t.throws(() => sealReport({ caseCode: caseCode.slice(1), content, contact, recipients, metadata }), { code: 'crypto.bad_case_code' });
  t.throws(() => sealReport({ caseCode, content: { ...content, what: 'x'.repeat(70_000) }, contact, recipients, metadata }), {
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
  t.same(openReport({ reportId, content: sealContent(JSON.stringify(content)), contact: null, wrap, keyPair: inspector }), { content, contact: null, metadata: null }, 'a version 1 report has no metadata');
});

t.test('the committed version 2 report opens with its metadata', async (t) => {
  const s = vector2.sealed;
  const sealed = { reportId: s.reportId, content: fromBase64Url(s.content), contact: fromBase64Url(s.contact) };
  t.same([sealed.content[0], sealed.contact[0]], [2, 2]);
  t.same(fieldMetadata(sealed.content), metadata);
  t.same(fieldMetadata(sealed.contact), metadata);
  t.same(openReport({ ...sealed, wrap: fromBase64Url(s.recipientWraps[0]!.wrap), keyPair: inspector }), { content, contact, metadata });
  const reporter = deriveReporterKeyPair(vector2.caseCode, fromBase64Url(s.reporterSalt));
  t.same(openReport({ ...sealed, wrap: fromBase64Url(s.reporterWrap), keyPair: reporter }), { content, contact, metadata });
});

t.test('sealReport writes version 2 envelopes carrying the metadata, and refuses bad metadata', async (t) => {
  const recipients = [{ id: 'a', publicKey: inspector.publicKey }];
  const sealed = sealReport({ caseCode: generateCaseCode(), content, contact, recipients, metadata });
  t.same([sealed.content[0], sealed.contact?.[0]], [2, 2]);
  t.same(fieldMetadata(sealed.content), metadata);
  t.same(fieldMetadata(sealed.contact!), metadata);
  for (const bad of [{ ...metadata, category: 'a|b' }, { ...metadata, groupId: 'g'.repeat(64) }, undefined]) {
    t.throws(() => sealReport({ caseCode: generateCaseCode(), content, contact, recipients, metadata: bad as ReportMetadata }), { code: 'crypto.bad_argument' });
  }
});

t.test('content and contact must carry the same metadata and version', async (t) => {
  const report = generateBoxKeyPair();
  const reportId = toBase64Url(new Uint8Array(16).fill(2));
  const wrap = wrapReportKey(report.privateKey, inspector.publicKey);
  const seal = (field: 'content' | 'contact', value: unknown, withMetadata: ReportMetadata | undefined) =>
    encryptField({ reportId, field, plaintext: utf8Encode(JSON.stringify(value)), reportPublicKey: report.publicKey, metadata: withMetadata });
  const open = (c: Uint8Array, k: Uint8Array) => openReport({ reportId, content: c, contact: k, wrap, keyPair: inspector });
  t.same(open(seal('content', content, metadata), seal('contact', contact, metadata)), { content, contact, metadata });
  t.throws(() => open(seal('content', content, metadata), seal('contact', contact, { ...metadata, groupId: 'national' })), { code: 'crypto.bad_content' }, 'other metadata');
  t.throws(() => open(seal('content', content, metadata), seal('contact', contact, undefined)), { code: 'crypto.bad_content' }, 'a version 1 contact');
  t.throws(() => open(seal('content', content, undefined), seal('contact', contact, metadata)), { code: 'crypto.bad_content' }, 'a version 1 content');
});

t.test('a reporter who remembers only the year sends the year, and it opens as the year', async (t) => {
  const caseCode = generateCaseCode();
  const yearOnly = { ...content, happened: '2025' };
  const sealed = sealReport({ caseCode, content: yearOnly, contact: null, recipients: [{ id: 'a', publicKey: inspector.publicKey }], metadata });
  t.equal(openAs(sealed, sealed.recipientWraps[0]!.wrap, inspector).content.happened, '2025');
});
