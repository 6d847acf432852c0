/**
 * Writes the known-answer vectors in test/crypto/vectors/*.json. Run by hand, never by the tests:
 *
 *   node test/crypto/make-vectors.ts              writes only the files that are missing
 *   node test/crypto/make-vectors.ts --overwrite  rewrites every file
 *
 * The committed files pin the formats. Deterministic vectors (derivations, padding, signatures,
 * fingerprints) are recomputed identically; randomized ones (field envelopes, key wraps,
 * passphrase wraps, a sealed report) were produced once and get fresh ciphertexts on every run.
 * So never overwrite the files of a released version: a diff in them means the format changed,
 * and old data would stop opening. A new format version adds new entries or files instead.
 *
 * Fixed inputs are SHA-256 of a label, so anyone can recreate them. The Ed25519 signatures and
 * X25519 public keys are also checked here against Node's own implementation.
 */
import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  boxKeyPairFromPrivateKey,
  dammCheckDigit,
  deriveFromPassphrase,
  deriveLookupId,
  deriveReporterKeyPair,
  encryptField,
  hashAuthValue,
  formatCaseCode,
  keyFingerprint,
  loadSodium,
  lookupHash,
  paddedSize,
  sealReport,
  signingKeyPairFromSeed,
  signRecipientKey,
  toBase64Url,
  toHex,
  utf8Encode,
  wrapReportKey,
  wrapWithPassphrase,
  type ReportContent,
} from '../../crypto/index.ts';

const vectorsDir = join(import.meta.dirname, 'vectors');
const overwrite = process.argv.includes('--overwrite');

/** `length` fixed bytes: SHA-256 of a label, truncated. */
function fixed(label: string, length = 32): Uint8Array {
  return new Uint8Array(createHash('sha256').update(`qauipsiz test vector: ${label}`).digest()).subarray(0, length);
}

function fixedDigits(label: string, count: number): string {
  return Array.from(fixed(label), (byte) => String(byte % 10)).join('').slice(0, count);
}

function caseCode(payload: string): string {
  return payload + dammCheckDigit(payload);
}

function jwkBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

function assertSame(what: string, ours: string, node: string): void {
  if (ours !== node) throw new Error(`${what}: libsodium and node:crypto disagree`);
}

function write(name: string, value: unknown): void {
  const path = join(vectorsDir, name);
  if (existsSync(path) && !overwrite) return;
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
  process.stdout.write(`wrote ${path}\n`);
}

await loadSodium('sumo');

// Case codes: check digits (incl. the worked example from Damm's algorithm, 572 → 4) and normalisation.
const payloads = ['572', '', '000000000000000000000000000', '123456789012345678901234567', fixedDigits('case code 1', 27)];
const validCodes = [caseCode('123456789012345678901234567'), caseCode(fixedDigits('case code 1', 27)), caseCode('000000000000000000000000000')];
const [code, otherCode] = validCodes as [string, string, string];
const grouped = formatCaseCode(code);
const typo = code.slice(0, 5) + String((Number(code[5]) + 1) % 10) + code.slice(6);
const swapped = code.slice(0, 9) + code[10] + code[9] + code.slice(11);
write('case-code.json', {
  checkDigits: payloads.map((digits) => ({ digits, checkDigit: dammCheckDigit(digits) })),
  validCodes,
  normalisation: [
    [code, { ok: true, digits: code }],
    [grouped, { ok: true, digits: code }],
    [`  ${grouped}\n`, { ok: true, digits: code }],
    [grouped.replaceAll(' ', '-'), { ok: true, digits: code }],
    [grouped.replaceAll(' ', '.'), { ok: true, digits: code }],
    [grouped.replaceAll(' ', '\u00a0'), { ok: true, digits: code }],
    [grouped.replaceAll(' ', '\u202f'), { ok: true, digits: code }],
    [grouped.replaceAll(' ', '\u2013'), { ok: true, digits: code }],
    [grouped.replaceAll(' ', '\u2212'), { ok: true, digits: code }],
    [grouped.replaceAll(' ', ' - '), { ok: true, digits: code }],
    [formatCaseCode(otherCode), { ok: true, digits: otherCode }],
    [typo, { ok: false, reason: 'checksum' }],
    [swapped, { ok: false, reason: 'checksum' }],
    [code.slice(0, 27), { ok: false, reason: 'length' }],
    [`${code}0`, { ok: false, reason: 'length' }],
    ['', { ok: false, reason: 'length' }],
    ['1234 5678', { ok: false, reason: 'length' }],
    [code.replace('0', 'O'), { ok: false, reason: 'characters' }],
    [code.replace('3', '\u0417'), { ok: false, reason: 'characters' }],
    [code.replace('1', 'l'), { ok: false, reason: 'characters' }],
    [grouped.replaceAll(' ', '_'), { ok: false, reason: 'characters' }],
    [grouped.replaceAll(' ', '/'), { ok: false, reason: 'characters' }],
    [grouped.replaceAll(' ', ','), { ok: false, reason: 'characters' }],
    [grouped.replaceAll(' ', '\t'), { ok: false, reason: 'characters' }],
    [code.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))), { ok: false, reason: 'characters' }],
    [code.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d))), { ok: false, reason: 'characters' }],
    [code.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d))), { ok: false, reason: 'characters' }],
  ].map(([input, result]) => ({ input, result })),
});

// Derivations from the case code.
write(
  'derive.json',
  validCodes.map((digits, i) => {
    const reporterSalt = fixed(`reporter salt ${i}`, 16);
    const serverSecret = fixed(`server secret ${i}`);
    const lookupId = deriveLookupId(digits);
    const reporter = deriveReporterKeyPair(digits, reporterSalt);
    return {
      digits,
      reporterSalt: toHex(reporterSalt),
      lookupId: toHex(lookupId),
      reporterPublicKey: toHex(reporter.publicKey),
      reporterPrivateKey: toHex(reporter.privateKey),
      serverSecret: toHex(serverSecret),
      lookupHash: toHex(lookupHash(serverSecret, lookupId)),
    };
  }),
);

// Padding buckets.
const paddingLengths = [0, 1, 10, 900, 1023, 1024, 1025, 2047, 2048, 4095, 4096, 40000, 65535];
write('padding.json', {
  sizes: paddingLengths.map((length) => ({ length, paddedSize: paddedSize(length) })),
  tooLarge: [65536, 65537, 1_000_000],
});

// Keys: X25519 public keys from private keys (checked against node:crypto) and fingerprints.
const boxPrivateKeys = [fixed('x25519 key 0'), fixed('x25519 key 1')];
write(
  'keys.json',
  boxPrivateKeys.map((privateKey) => {
    const { publicKey } = boxKeyPairFromPrivateKey(privateKey);
    const nodeKey = createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', d: jwkBase64(privateKey), x: '' }, format: 'jwk' });
    assertSame('X25519 public key', toHex(publicKey), toHex(createPublicKey(nodeKey).export({ format: 'der', type: 'spki' }).subarray(-32)));
    return { privateKey: toHex(privateKey), publicKey: toHex(publicKey), fingerprint: keyFingerprint(publicKey) };
  }),
);

// Recipient key signatures from a fixed Ed25519 seed (checked against node:crypto).
const signingSeed = fixed('organisation signing seed');
const organisation = signingKeyPairFromSeed(signingSeed);
const nodeSigningKey = createPrivateKey({
  key: { kty: 'OKP', crv: 'Ed25519', d: jwkBase64(signingSeed), x: jwkBase64(organisation.publicKey) },
  format: 'jwk',
});
write('signing.json', {
  seed: toHex(signingSeed),
  signingPublicKey: toHex(organisation.publicKey),
  signatures: ['inspector-almaty-01', 'инспектор-қарағанды'].map((recipientId, i) => {
    const publicKey = fixed(`recipient public key ${i}`);
    const signature = signRecipientKey({ recipientId, publicKey }, organisation.privateKey);
    const message = Buffer.concat([Buffer.from(`qauipsiz.recipient-key.v1|${recipientId}|`), publicKey]);
    assertSame('Ed25519 signature', toHex(signature.subarray(1)), toHex(sign(null, message, nodeSigningKey)));
    return { recipientId, publicKey: toHex(publicKey), signature: toHex(signature) };
  }),
});

// Field envelopes and key wraps: produced once with fixed keys, random nonces and ephemeral keys.
const reportKeyPair = boxKeyPairFromPrivateKey(fixed('report private key'));
const recipientKeyPair = boxKeyPairFromPrivateKey(fixed('recipient private key'));
const reportId = toBase64Url(fixed('report id', 16));
const fieldPlaintexts: { field: 'content' | 'contact'; plaintext: string }[] = [
  { field: 'content', plaintext: 'Қауіпсіз: a hidden injury on line 3.' },
  { field: 'contact', plaintext: '' },
  { field: 'content', plaintext: 'Шахта №5. '.repeat(150) },
];
write('envelope.json', {
  reportPrivateKey: toHex(reportKeyPair.privateKey),
  reportPublicKey: toHex(reportKeyPair.publicKey),
  reportId,
  fields: fieldPlaintexts.map(({ field, plaintext }) => ({
    field,
    plaintext,
    envelope: toBase64Url(encryptField({ reportId, field, plaintext: utf8Encode(plaintext), reportPublicKey: reportKeyPair.publicKey })),
  })),
});
write('key-wrap.json', {
  recipientPrivateKey: toHex(recipientKeyPair.privateKey),
  recipientPublicKey: toHex(recipientKeyPair.publicKey),
  reportPrivateKey: toHex(reportKeyPair.privateKey),
  reportPublicKey: toHex(reportKeyPair.publicKey),
  wrap: toBase64Url(wrapReportKey(reportKeyPair.privateKey, recipientKeyPair.publicKey)),
});

// Passphrase: derivation (deterministic) and a wrap (random salt and nonce).
const passphrase = 'Қауіпсіз жұмыс — safe work 2026';
const passphraseSalt = fixed('passphrase salt', 16);
const passphraseKeys = deriveFromPassphrase(passphrase, passphraseSalt);
const wrappedSecret = fixed('wrapped secret');
write('passphrase.json', {
  passphrase,
  // Same text with decomposed letters (NFD) and a full-width digit: NFKC makes it the same passphrase.
  equivalentPassphrase: passphrase.normalize('NFD').replace('2026', '２026'),
  salt: toHex(passphraseSalt),
  authValue: toHex(passphraseKeys.authValue),
  wrappingKey: toHex(passphraseKeys.wrappingKey),
  secret: toHex(wrappedSecret),
  envelope: toBase64Url(wrapWithPassphrase(wrappedSecret, passphrase)),
});

// Internal notes: the 'note' field, added with the console (a new file, so envelope.json stays as released).
write('note.json', {
  reportPrivateKey: toHex(reportKeyPair.privateKey),
  reportPublicKey: toHex(reportKeyPair.publicKey),
  reportId,
  plaintext: 'Inspection planned for 3 December; the foreman is not to be told.',
  envelope: toBase64Url(encryptField({ reportId, field: 'note', plaintext: utf8Encode('Inspection planned for 3 December; the foreman is not to be told.'), reportPublicKey: reportKeyPair.publicKey })),
});

// The server's hash of an authValue (random salt inside the string): the committed hash must keep verifying.
write('auth-hash.json', {
  authValue: toHex(passphraseKeys.authValue),
  hash: hashAuthValue(passphraseKeys.authValue),
});

// A whole sealed report, opened by a recipient and by the reporter (code + salt).
const reportCode = caseCode(fixedDigits('report case code', 27));
const content: ReportContent = {
  v: 1,
  language: 'kk',
  happened: '2026-10',
  employer: 'ЖШС «Мысал»',
  where: 'Цех 2',
  what: 'Жарақат жасырылды.',
  who: 'шебер',
};
const sealed = sealReport({
  caseCode: reportCode,
  content,
  contact: { name: 'Айгүл', contact: '+7 700 000 00 00' },
  recipients: [{ id: 'inspector-almaty-01', publicKey: recipientKeyPair.publicKey }],
});
write('report.json', {
  caseCode: reportCode,
  recipientId: 'inspector-almaty-01',
  recipientPrivateKey: toHex(recipientKeyPair.privateKey),
  content,
  contact: { name: 'Айгүл', contact: '+7 700 000 00 00' },
  sealed: {
    reportId: sealed.reportId,
    lookupId: toBase64Url(sealed.lookupId),
    reporterSalt: toBase64Url(sealed.reporterSalt),
    content: toBase64Url(sealed.content),
    contact: sealed.contact === null ? null : toBase64Url(sealed.contact),
    recipientWraps: sealed.recipientWraps.map(({ recipientId, wrap }) => ({ recipientId, wrap: toBase64Url(wrap) })),
    reporterWrap: toBase64Url(sealed.reporterWrap),
  },
});
