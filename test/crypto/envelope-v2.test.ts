// Field envelopes version 2 (crypto/envelope.ts): metadata readable without a key and bound as
// associated data, so the server cannot refile a report under another region, category or group.
import t from 'tap';
import {
  boxKeyPairFromPrivateKey,
  CryptoError,
  decryptField,
  encryptField,
  fieldMetadata,
  fromBase64Url,
  generateBoxKeyPair,
  isFieldEnvelope,
  loadSodium,
  paddedSize,
  utf8Decode,
  utf8Encode,
  type ReportField,
  type ReportMetadata,
} from '../../crypto/index.ts';
import { bitFlips, fromHex } from './signed-payload.ts';
import v1Vectors from './vectors/envelope.json' with { type: 'json' };
import vectors from './vectors/envelope-v2.json' with { type: 'json' };

const metadata: ReportMetadata = vectors.metadata;
const { reportId } = vectors;
const [vector] = vectors.fields as [(typeof vectors.fields)[number]];
const envelope = fromBase64Url(vector.envelope);
const field = vector.field as ReportField;

// Before libsodium loads: the server reads metadata and checks shapes without it.
t.test('metadata is read without a key and without libsodium', async (t) => {
  for (const { envelope } of vectors.fields) t.same(fieldMetadata(fromBase64Url(envelope)), metadata);
  t.equal(fieldMetadata(fromBase64Url(v1Vectors.fields[0]!.envelope)), null, 'a version 1 envelope has none');
  t.ok(isFieldEnvelope(envelope));
});

await loadSodium();
const reportKeyPair = boxKeyPairFromPrivateKey(fromHex(vectors.reportPrivateKey));
const open = (bytes: Uint8Array, context: { reportId?: string; field?: ReportField } = {}) =>
  decryptField({ reportId: context.reportId ?? reportId, field: context.field ?? field, envelope: bytes, reportKeyPair });
const outcome = (operation: () => unknown): string => {
  try {
    operation();
    return 'opened';
  } catch (error) {
    return error instanceof CryptoError ? error.code : `unexpected ${String(error)}`;
  }
};
const metadataStart = 1 + 80 + 24;

t.test('the committed version 2 envelopes open; version 1 ones still do', async (t) => {
  for (const { field, plaintext, envelope } of vectors.fields) {
    const bytes = fromBase64Url(envelope);
    t.equal(bytes[0], 2);
    t.equal(bytes.length, 185 + paddedSize(utf8Encode(plaintext).length), 'length = 185 + bucket');
    t.equal(utf8Decode(decryptField({ reportId, field: field as ReportField, envelope: bytes, reportKeyPair })), plaintext);
  }
  for (const { field, plaintext, envelope } of v1Vectors.fields) {
    t.equal(utf8Decode(decryptField({ reportId: v1Vectors.reportId, field: field as ReportField, envelope: fromBase64Url(envelope), reportKeyPair })), plaintext);
  }
});

t.test('the metadata block is UTF-8 "region|industry|category|groupId", zero-padded to 64 bytes', async (t) => {
  const block = envelope.subarray(metadataStart, metadataStart + 64);
  const text = `${metadata.region}|${metadata.industry}|${metadata.category}|${metadata.groupId}`;
  t.same(block.subarray(0, text.length), utf8Encode(text));
  t.ok(block.subarray(text.length).every((byte) => byte === 0));
});

t.test('changing any byte of the metadata fails decryption', async (t) => {
  const outcomes = new Set<string>();
  for (let i = metadataStart; i < metadataStart + 64; i++) {
    const altered = envelope.slice();
    altered[i] = altered[i] === 0x37 ? 0x38 : 0x37;
    outcomes.add(outcome(() => open(altered)));
  }
  t.same([...outcomes], ['crypto.decrypt_failed']);
  const refiled = envelope.slice();
  refiled.set(utf8Encode('10'), metadataStart);
  t.same(fieldMetadata(refiled), { ...metadata, region: '10' }, 'a refiled envelope shows another region');
  t.equal(outcome(() => open(refiled)), 'crypto.decrypt_failed', 'but no longer opens');
});

t.test('every flipped bit is rejected', async (t) => {
  const outcomes: Record<string, number> = {};
  for (const [, altered] of bitFlips(envelope)) {
    const result = outcome(() => open(altered));
    outcomes[result] = (outcomes[result] ?? 0) + 1;
  }
  // Byte 0: 0x02 flips to 0x03, 0x00, 0x06 … (unknown) or 0x03; none of its flips is 0x01 or 0x02.
  t.same(outcomes, { 'crypto.unsupported_version': 8, 'crypto.decrypt_failed': envelope.length * 8 - 8 });
});

t.test('metadata cannot be stripped to pass as a version 1 envelope', async (t) => {
  const stripped = Uint8Array.of(1, ...envelope.subarray(1, metadataStart), ...envelope.subarray(metadataStart + 64));
  t.ok(isFieldEnvelope(stripped), 'it has a version 1 shape');
  t.equal(outcome(() => open(stripped)), 'crypto.decrypt_failed');
});

t.test('other report, field or key fails', async (t) => {
  t.equal(outcome(() => open(envelope, { reportId: 'A'.repeat(22) })), 'crypto.decrypt_failed');
  t.equal(outcome(() => open(envelope, { field: 'contact' })), 'crypto.decrypt_failed');
  t.equal(outcome(() => decryptField({ reportId, field, envelope, reportKeyPair: generateBoxKeyPair() })), 'crypto.decrypt_failed');
});

t.test('truncated, extended and unknown versions are rejected', async (t) => {
  for (const length of [0, 1, 105, 169, 185, 1208, 1209 - 64, envelope.length - 1]) {
    t.equal(outcome(() => open(envelope.subarray(0, length))), 'crypto.truncated', `${length} bytes`);
    t.equal(fieldMetadata(envelope.subarray(0, length)), null);
  }
  t.equal(outcome(() => open(Uint8Array.of(...envelope, 0))), 'crypto.truncated');
  for (const version of [0, 3, 255]) {
    const altered = envelope.slice();
    altered[0] = version;
    t.equal(outcome(() => open(altered)), 'crypto.unsupported_version');
    t.equal(fieldMetadata(altered), null);
    t.notOk(isFieldEnvelope(altered));
  }
});

t.test('round trip at the bucket edges', async (t) => {
  const keys = generateBoxKeyPair();
  for (const length of [0, 1023, 1024, 65535]) {
    const plaintext = new Uint8Array(length).fill(9);
    const sealed = encryptField({ reportId, field: 'contact', plaintext, reportPublicKey: keys.publicKey, metadata });
    t.equal(sealed.length, 185 + paddedSize(length));
    t.same(decryptField({ reportId, field: 'contact', envelope: sealed, reportKeyPair: keys }), plaintext);
    t.same(fieldMetadata(sealed), metadata);
  }
  t.throws(() => encryptField({ reportId, field, plaintext: new Uint8Array(65536), reportPublicKey: keys.publicKey, metadata }), { code: 'envelope.too_large' });
});

t.test('metadata that does not fit or is ambiguous is crypto.bad_argument', async (t) => {
  const seal = (bad: ReportMetadata) => encryptField({ reportId, field, plaintext: new Uint8Array(1), reportPublicKey: reportKeyPair.publicKey, metadata: bad });
  const fits = { ...metadata, groupId: 'g'.repeat(64 - utf8Encode(`${metadata.region}|${metadata.industry}|${metadata.category}|`).length) };
  t.same(fieldMetadata(seal(fits)), fits, 'exactly 64 bytes fit');
  const cases: [string, ReportMetadata][] = [
    ['65 bytes', { ...fits, groupId: `${fits.groupId}g` }],
    ['64 bytes but multi-byte letters over it', { ...fits, groupId: `${fits.groupId.slice(1)}қ` }],
    ["a '|' in a part", { ...metadata, category: 'near|miss' }],
    ['a NUL in a part', { ...metadata, groupId: 'region\u000075' }],
    ['a part that is not a string', { ...metadata, region: 75 as unknown as string }],
    ['a part missing', (({ industry: _, ...rest }) => rest)(metadata) as ReportMetadata],
  ];
  for (const [what, bad] of cases) t.equal(outcome(() => seal(bad)), 'crypto.bad_argument', what);
});

t.test('a malformed metadata block reads as null', async (t) => {
  const withBlock = (text: Uint8Array) => {
    const altered = envelope.slice();
    altered.fill(0, metadataStart, metadataStart + 64);
    altered.set(text, metadataStart);
    return altered;
  };
  t.equal(fieldMetadata(withBlock(utf8Encode('75|B|near_miss'))), null, 'three parts');
  t.equal(fieldMetadata(withBlock(utf8Encode('75|B|near_miss|g|x'))), null, 'five parts');
  t.equal(fieldMetadata(withBlock(Uint8Array.of(...utf8Encode('75|B|near_miss|g'), 0, 0x41))), null, 'bytes after the padding starts');
  t.equal(fieldMetadata(withBlock(Uint8Array.of(0x37, 0xff, 0x7c, 0x7c, 0x7c))), null, 'not UTF-8');
  t.equal(fieldMetadata('AQ' as unknown as Uint8Array), null, 'not bytes');
});
