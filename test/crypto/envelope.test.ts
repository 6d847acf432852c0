import t from 'tap';
import {
  boxKeyPairFromPrivateKey,
  CryptoError,
  decryptField,
  encryptField,
  fromBase64Url,
  generateBoxKeyPair,
  isFieldEnvelope,
  isKeyWrap,
  loadSodium,
  paddedSize,
  toBase64Url,
  toHex,
  unwrapReportKey,
  utf8Decode,
  utf8Encode,
  wrapReportKey,
  type KeyPair,
  type ReportField,
} from '../../crypto/index.ts';
import envelopeVectors from './vectors/envelope.json' with { type: 'json' };
import keyWrapVectors from './vectors/key-wrap.json' with { type: 'json' };
import paddingVectors from './vectors/padding.json' with { type: 'json' };

await loadSodium();

const fromHex = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));
const reportKeyPair = boxKeyPairFromPrivateKey(fromHex(envelopeVectors.reportPrivateKey));
const recipientKeyPair = boxKeyPairFromPrivateKey(fromHex(keyWrapVectors.recipientPrivateKey));
const { reportId } = envelopeVectors;
const [vector] = envelopeVectors.fields as [(typeof envelopeVectors.fields)[number]];
const field = vector.field as ReportField;
const envelope = fromBase64Url(vector.envelope);
const wrap = fromBase64Url(keyWrapVectors.wrap);
const otherReportId = toBase64Url(new Uint8Array(16));

/** The error code an operation fails with, or 'opened' if it succeeds. */
function outcome(operation: () => unknown): string {
  try {
    operation();
    return 'opened';
  } catch (error) {
    return error instanceof CryptoError ? error.code : `unexpected ${String(error)}`;
  }
}

/** Outcomes of opening `bytes` with each single bit flipped, counted by outcome. */
function flipEveryBit(bytes: Uint8Array, open: (altered: Uint8Array) => unknown): Record<string, number> {
  const outcomes: Record<string, number> = {};
  for (let bit = 0; bit < bytes.length * 8; bit++) {
    const altered = bytes.slice();
    altered[bit >> 3]! ^= 1 << (bit & 7);
    const result = outcome(() => open(altered));
    outcomes[result] = (outcomes[result] ?? 0) + 1;
  }
  return outcomes;
}

function withVersion(bytes: Uint8Array, version: number): Uint8Array {
  const copy = bytes.slice();
  copy[0] = version;
  return copy;
}

const openEnvelope = (bytes: Uint8Array, keyPair: KeyPair = reportKeyPair) =>
  decryptField({ reportId, field, envelope: bytes, reportKeyPair: keyPair });

t.test('padded sizes match the committed table', async (t) => {
  for (const { length, paddedSize: size } of paddingVectors.sizes) t.equal(paddedSize(length), size, `${length} bytes`);
  for (const length of paddingVectors.tooLarge) t.throws(() => paddedSize(length), { code: 'envelope.too_large' });
  for (const length of [-1, 1.5, Number.NaN]) t.throws(() => paddedSize(length), { code: 'crypto.bad_argument' });
});

t.test('the committed field envelopes open to their plaintexts', async (t) => {
  for (const { field, plaintext, envelope } of envelopeVectors.fields) {
    const bytes = fromBase64Url(envelope);
    const opened = decryptField({ reportId, field: field as ReportField, envelope: bytes, reportKeyPair });
    t.equal(utf8Decode(opened), plaintext);
    t.equal(bytes.length, 121 + paddedSize(utf8Encode(plaintext).length), 'length = 121 + bucket');
    t.ok(isFieldEnvelope(bytes));
  }
});

t.test('the committed key wrap opens to the report key pair', async (t) => {
  const opened = unwrapReportKey(wrap, recipientKeyPair);
  t.equal(wrap.length, 81);
  t.equal(toHex(opened.privateKey), keyWrapVectors.reportPrivateKey);
  t.equal(toHex(opened.publicKey), keyWrapVectors.reportPublicKey);
  t.ok(isKeyWrap(wrap));
});

t.test('fresh envelopes and wraps round-trip', async (t) => {
  const keys = generateBoxKeyPair();
  for (const length of [0, 1, 1023, 1024, 65535]) {
    const plaintext = new Uint8Array(length).fill(7);
    const sealed = encryptField({ reportId, field: 'contact', plaintext, reportPublicKey: keys.publicKey });
    t.same(decryptField({ reportId, field: 'contact', envelope: sealed, reportKeyPair: keys }), plaintext, `${length} bytes`);
  }
  t.same(unwrapReportKey(wrapReportKey(keys.privateKey, recipientKeyPair.publicKey), recipientKeyPair), keys);
});

t.test('padding hides the length within a bucket', async (t) => {
  const seal = (length: number) =>
    encryptField({ reportId, field, plaintext: new Uint8Array(length), reportPublicKey: reportKeyPair.publicKey });
  t.equal(seal(10).length, seal(900).length);
  t.equal(seal(0).length, seal(1023).length);
  t.not(seal(1023).length, seal(1024).length, 'the next bucket starts at 1,024 bytes');
});

t.test('oversized plaintext is envelope.too_large', async (t) => {
  t.throws(() => encryptField({ reportId, field, plaintext: new Uint8Array(65536), reportPublicKey: reportKeyPair.publicKey }), {
    code: 'envelope.too_large',
  });
});

t.test('field envelope: wrong key or other associated data fails', async (t) => {
  t.equal(outcome(() => openEnvelope(envelope, generateBoxKeyPair())), 'crypto.decrypt_failed', 'wrong key');
  t.equal(outcome(() => openEnvelope(envelope, { ...reportKeyPair, publicKey: recipientKeyPair.publicKey })), 'crypto.decrypt_failed', 'mismatched key pair');
  t.equal(outcome(() => decryptField({ reportId: otherReportId, field, envelope, reportKeyPair })), 'crypto.decrypt_failed', 'other report');
  t.equal(outcome(() => decryptField({ reportId, field: 'contact', envelope, reportKeyPair })), 'crypto.decrypt_failed', 'other field');
});

t.test('field envelope: every flipped bit is rejected', async (t) => {
  const outcomes = flipEveryBit(envelope, (altered) => openEnvelope(altered));
  t.same(outcomes, { 'crypto.unsupported_version': 8, 'crypto.decrypt_failed': envelope.length * 8 - 8 });
});

t.test('field envelope: truncated or extended input is crypto.truncated', async (t) => {
  for (const length of [0, 1, 2, 80, 81, 104, 105, 121, 1144, envelope.length - 1]) {
    t.equal(outcome(() => openEnvelope(envelope.subarray(0, length))), 'crypto.truncated', `${length} bytes`);
    t.notOk(isFieldEnvelope(envelope.subarray(0, length)));
  }
  const extended = new Uint8Array(envelope.length + 1);
  extended.set(envelope);
  t.equal(outcome(() => openEnvelope(extended)), 'crypto.truncated', 'one byte appended');
});

t.test('field envelope: unknown versions are rejected', async (t) => {
  // 0x02 is known since version 2 envelopes (envelope-v2.test.ts).
  for (const version of [0x00, 0x03, 0xff]) {
    t.equal(outcome(() => openEnvelope(withVersion(envelope, version))), 'crypto.unsupported_version', `version ${version}`);
    t.equal(outcome(() => openEnvelope(Uint8Array.of(version))), 'crypto.unsupported_version', `version ${version} alone`);
    t.notOk(isFieldEnvelope(withVersion(envelope, version)));
  }
});

t.test('field envelope: malformed report ids, fields and keys are rejected before decrypting', async (t) => {
  for (const badId of ['', 'short', `${reportId}|content`, `${reportId.slice(0, 21)}+`]) {
    t.equal(outcome(() => decryptField({ reportId: badId, field, envelope, reportKeyPair })), 'crypto.bad_argument', badId);
  }
  const badField = 'content|x' as ReportField;
  t.equal(outcome(() => decryptField({ reportId, field: badField, envelope, reportKeyPair })), 'crypto.bad_argument');
  t.equal(outcome(() => encryptField({ reportId, field: badField, plaintext: new Uint8Array(1), reportPublicKey: reportKeyPair.publicKey })), 'crypto.bad_argument');
  t.equal(outcome(() => encryptField({ reportId, field, plaintext: new Uint8Array(1), reportPublicKey: new Uint8Array(31) })), 'crypto.bad_length');
  t.equal(outcome(() => openEnvelope(envelope, { publicKey: reportKeyPair.publicKey, privateKey: new Uint8Array(64) })), 'crypto.bad_length');
});

t.test('key wrap: wrong key fails', async (t) => {
  t.equal(outcome(() => unwrapReportKey(wrap, generateBoxKeyPair())), 'crypto.decrypt_failed');
  t.equal(outcome(() => unwrapReportKey(wrap, reportKeyPair)), 'crypto.decrypt_failed');
});

t.test('key wrap: every flipped bit is rejected', async (t) => {
  const outcomes = flipEveryBit(wrap, (altered) => unwrapReportKey(altered, recipientKeyPair));
  t.same(outcomes, { 'crypto.unsupported_version': 8, 'crypto.decrypt_failed': 80 * 8 });
});

t.test('key wrap: truncated, extended and unknown versions are rejected', async (t) => {
  for (const length of [0, 1, 2, 40, 80]) {
    t.equal(outcome(() => unwrapReportKey(wrap.subarray(0, length), recipientKeyPair)), 'crypto.truncated', `${length} bytes`);
    t.notOk(isKeyWrap(wrap.subarray(0, length)));
  }
  t.equal(outcome(() => unwrapReportKey(Uint8Array.of(...wrap, 0), recipientKeyPair)), 'crypto.truncated', '82 bytes');
  for (const version of [0x00, 0x02, 0xff]) {
    t.equal(outcome(() => unwrapReportKey(withVersion(wrap, version), recipientKeyPair)), 'crypto.unsupported_version');
    t.notOk(isKeyWrap(withVersion(wrap, version)));
  }
  t.equal(outcome(() => wrapReportKey(new Uint8Array(31), recipientKeyPair.publicKey)), 'crypto.bad_length');
});
