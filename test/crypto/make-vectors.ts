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
import { argon2Sync, createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  boxKeyPairFromPrivateKey,
  certificateDigest,
  dammCheckDigit,
  encodeRecoveryCode,
  deriveFromPassphrase,
  deriveLookupId,
  deriveReporterKeyPair,
  encryptField,
  generateBoxKeyPair,
  hashAuthValue,
  formatCaseCode,
  fromBase64Url,
  issueCertificate,
  keyConfirmationCode,
  keyFingerprint,
  loadSodium,
  lookupHash,
  paddedSize,
  randomBytes,
  sealNote,
  sealReport,
  sealStaffKeys,
  signDirectory,
  signingKeyPairFromSeed,
  signRecipientKey,
  staffSigningKeyPair,
  toBase64Url,
  toHex,
  utf8Decode,
  utf8Encode,
  wrapReportKey,
  wrapWithPassphrase,
  type CertificateClaim,
  type Channel,
  type DirectoryClaim,
  type KeyPair,
  type ReportContent,
  type ReportMetadata,
  type SealedReport,
} from '../../crypto/index.ts';

type StaffKeyPairs = { box: KeyPair; sign: KeyPair };

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
const contact = { name: 'Айгүл', contact: '+7 700 000 00 00' };
const sealedReportJson = (sealed: SealedReport) => ({
  reportId: sealed.reportId,
  lookupId: toBase64Url(sealed.lookupId),
  reporterSalt: toBase64Url(sealed.reporterSalt),
  content: toBase64Url(sealed.content),
  contact: sealed.contact === null ? null : toBase64Url(sealed.contact),
  recipientWraps: sealed.recipientWraps.map(({ recipientId, wrap }) => ({ recipientId, wrap: toBase64Url(wrap) })),
  reporterWrap: toBase64Url(sealed.reporterWrap),
});

/**
 * A report as sealReport made it before version 2 (version 1 envelopes, no metadata), so
 * report.json can still be remade by hand; sealReport itself now always writes version 2.
 */
function sealReportV1(input: { caseCode: string; content: ReportContent; contact: typeof contact; recipients: { id: string; publicKey: Uint8Array }[] }): SealedReport {
  const reporterSalt = randomBytes(16);
  const reportId = toBase64Url(randomBytes(16));
  const report = generateBoxKeyPair();
  const seal = (field: 'content' | 'contact', value: unknown) => encryptField({ reportId, field, plaintext: utf8Encode(JSON.stringify(value)), reportPublicKey: report.publicKey });
  return {
    reportId,
    lookupId: deriveLookupId(input.caseCode),
    reporterSalt,
    content: seal('content', input.content),
    contact: seal('contact', input.contact),
    recipientWraps: input.recipients.map(({ id, publicKey }) => ({ recipientId: id, wrap: wrapReportKey(report.privateKey, publicKey) })),
    reporterWrap: wrapReportKey(report.privateKey, deriveReporterKeyPair(input.caseCode, reporterSalt).publicKey),
  };
}
const reportRecipients = [{ id: 'inspector-almaty-01', publicKey: recipientKeyPair.publicKey }];
write('report.json', {
  caseCode: reportCode,
  recipientId: 'inspector-almaty-01',
  recipientPrivateKey: toHex(recipientKeyPair.privateKey),
  content,
  contact,
  sealed: sealedReportJson(sealReportV1({ caseCode: reportCode, content, contact, recipients: reportRecipients })),
});

// ---- Issue 9: certificates, the signed directory, staff key bundles, key codes, signed notes, field envelope version 2.

const day = '2026-12-02';
const certificateVector = (claim: CertificateClaim) => {
  const certificate = issueCertificate(claim, organisation.privateKey);
  const payload = certificate.subarray(65);
  const message = Buffer.concat([Buffer.from('qauipsiz.certificate.v1|'), payload]);
  assertSame('certificate signature', toHex(certificate.subarray(1, 65)), toHex(sign(null, message, nodeSigningKey)));
  return {
    claim: { ...claim, boxKey: toHex(claim.boxKey), signKey: claim.signKey === null ? null : toHex(claim.signKey) },
    payload: utf8Decode(payload),
    certificate: toBase64Url(certificate),
    digest: certificateDigest(certificate),
  };
};
// Staff members: X25519 keys from fixed private keys, Ed25519 keys derived from them (staffSigningKeyPair).
const staff = ['inspector', 'admin', 'analyst', 'anti-corruption inspector'].map((label) => {
  const box = boxKeyPairFromPrivateKey(fixed(`staff x25519 ${label}`));
  return { box, sign: staffSigningKeyPair(box.privateKey) };
}) as [StaffKeyPairs, StaffKeyPairs, StaffKeyPairs, StaffKeyPairs];
const recoveryKey = boxKeyPairFromPrivateKey(fixed('recovery x25519'));
const claims: CertificateClaim[] = [
  { accountId: 'inspector-75-01', boxKey: staff[0].box.publicKey, signKey: staff[0].sign.publicKey, role: 'inspector', groups: ['region-75', 'national'], issuedDay: day },
  { accountId: 'admin-01', boxKey: staff[1].box.publicKey, signKey: staff[1].sign.publicKey, role: 'admin', groups: ['national'], issuedDay: day },
  { accountId: 'analyst-01', boxKey: staff[2].box.publicKey, signKey: staff[2].sign.publicKey, role: 'analyst', groups: [], issuedDay: day },
  { accountId: 'anti-corruption-01', boxKey: staff[3].box.publicKey, signKey: staff[3].sign.publicKey, role: 'inspector', groups: ['anti-corruption'], issuedDay: day },
  { accountId: 'recovery', boxKey: recoveryKey.publicKey, signKey: null, role: 'recovery', groups: ['national', 'region-75'], issuedDay: day },
];
const certificates = claims.map(certificateVector);
write('certificate.json', {
  organisationSeed: toHex(signingSeed),
  organisationKey: toHex(organisation.publicKey),
  certificates,
});

const digestOf = (accountId: string) => certificates.find((vector) => vector.claim.accountId === accountId)!.digest;
const directoryClaim: DirectoryClaim = {
  version: 3,
  issuedDay: day,
  routing: {
    regions: { '75': 'region-75', '711': 'region-711', '10': 'region-10' },
    fallback: 'national',
    exclusive: { inspector_corruption: 'anti-corruption' },
  },
  members: {
    'region-75': [digestOf('inspector-75-01')],
    national: [digestOf('inspector-75-01'), digestOf('admin-01')].sort(),
    'anti-corruption': [digestOf('anti-corruption-01')],
    'region-10': [],
  },
  recovery: digestOf('recovery'),
};
const directory = signDirectory(directoryClaim, organisation.privateKey);
assertSame('directory signature', toHex(directory.subarray(1, 65)), toHex(sign(null, Buffer.concat([Buffer.from('qauipsiz.directory.v1|'), directory.subarray(65)]), nodeSigningKey)));
write('directory.json', {
  organisationKey: toHex(organisation.publicKey),
  claim: directoryClaim,
  payload: utf8Decode(directory.subarray(65)),
  directory: toBase64Url(directory),
});

// Staff key envelopes: a bundle (122 bytes) and a legacy bare key (89 bytes), random salts and nonces.
const staffPassphrase = 'Қауіпсіз жұмыс — staff 2026';
write('staff-keys.json', {
  passphrase: staffPassphrase,
  boxPrivateKey: toHex(staff[0].box.privateKey),
  boxPublicKey: toHex(staff[0].box.publicKey),
  signingPublicKey: toHex(staff[0].sign.publicKey),
  organisationKey: toHex(organisation.publicKey),
  envelope: toBase64Url(sealStaffKeys(staff[0].box.privateKey, organisation.publicKey, staffPassphrase)),
  legacyEnvelope: toBase64Url(wrapWithPassphrase(staff[0].box.privateKey, staffPassphrase)),
});

// Key codes, checked against node:crypto's Argon2id. The salt is BLAKE2b-128 of the label, which
// Node lacks; certificateDigest computes exactly that (as base64url).
const keyCodeSalt = fromBase64Url(certificateDigest(utf8Encode('qauipsiz.key-code.v1')));
write(
  'key-code.json',
  staff.map(({ box, sign }) => {
    const code = keyConfirmationCode(box.publicKey, sign.publicKey);
    const tag = argon2Sync('argon2id', { message: Buffer.concat([box.publicKey, sign.publicKey]), nonce: keyCodeSalt, parallelism: 1, tagLength: 16, memory: 16 * 1024, passes: 2 });
    const digits = (tag.readBigUInt64BE(0) % 10n ** 12n).toString().padStart(12, '0').replace(/(\d{4})(?=\d)/g, '$1 ');
    assertSame('key code', code, digits);
    return { boxKey: toHex(box.publicKey), signKey: toHex(sign.publicKey), code };
  }),
);

// Signed notes ('note' field, version 1 envelope) by the inspector above.
const noteText = 'Visited the site on 3 December; the log book was rewritten.';
write('signed-note.json', {
  reportPrivateKey: toHex(reportKeyPair.privateKey),
  reportId,
  authorId: claims[0]!.accountId,
  signingPublicKey: toHex(staff[0].sign.publicKey),
  text: noteText,
  envelope: toBase64Url(sealNote({ reportId, authorId: claims[0]!.accountId, text: noteText, reportPublicKey: reportKeyPair.publicKey, signingKeyPair: staff[0].sign })),
});

// Field envelopes version 2: metadata bound and readable without a key.
const metadata: ReportMetadata = { region: '75', industry: 'B', category: 'concealed_injury.unreported', groupId: 'region-75' };
write('envelope-v2.json', {
  reportPrivateKey: toHex(reportKeyPair.privateKey),
  reportPublicKey: toHex(reportKeyPair.publicKey),
  reportId,
  metadata,
  fields: fieldPlaintexts.map(({ field, plaintext }) => ({
    field,
    plaintext,
    envelope: toBase64Url(encryptField({ reportId, field, plaintext: utf8Encode(plaintext), reportPublicKey: reportKeyPair.publicKey, metadata })),
  })),
});

// A whole version 2 report, as sealReport makes it now.
write('report-v2.json', {
  caseCode: reportCode,
  recipientId: 'inspector-almaty-01',
  recipientPrivateKey: toHex(recipientKeyPair.privateKey),
  content,
  contact,
  metadata,
  sealed: sealedReportJson(sealReport({ caseCode: reportCode, content, contact, recipients: reportRecipients, metadata })),
});

// ---- Issue 11: the directory's alternative channel (version 2) and the recovery code.

// Version 2: the same claim with a channel, signed under its own prefix; texts with line breaks
// and non-ASCII letters, given untrimmed (signDirectory trims them).
const channel: Channel = {
  kk: '  Сенім телефоны: 8 800 080 7777 (тегін).\nЭлектрондық пошта: senim@example.kz  ',
  ru: 'Телефон доверия: 8 800 080 7777 (бесплатно).\nЭлектронная почта: senim@example.kz',
  en: 'Helpline: 8 800 080 7777 (free of charge).\nEmail: senim@example.kz',
};
const directoryV2 = signDirectory({ ...directoryClaim, version: 4, channel }, organisation.privateKey);
assertSame('directory v2 signature', toHex(directoryV2.subarray(1, 65)), toHex(sign(null, Buffer.concat([Buffer.from('qauipsiz.directory.v2|'), directoryV2.subarray(65)]), nodeSigningKey)));
write('directory-v2.json', {
  organisationKey: toHex(organisation.publicKey),
  claim: { ...directoryClaim, version: 4, channel },
  payload: utf8Decode(directoryV2.subarray(65)),
  directory: toBase64Url(directoryV2),
});

// Recovery codes, checked against a second encoding written here with BigInt arithmetic.
const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function independentRecoveryCode(key: Uint8Array): string {
  const number = (BigInt(`0x${toHex(key)}`) << 4n) | 1n;
  const values = Array.from({ length: 52 }, (_, i) => Number((number >> BigInt(5 * (51 - i))) & 31n));
  const groups = Array.from({ length: 13 }, (_, g) => {
    const data = values.slice(4 * g, 4 * g + 4);
    const sum = [g, ...data].reverse().reduce((total, value, i) => {
      const product = value * (i % 2 === 0 ? 2 : 1);
      return total + Math.floor(product / 32) + (product % 32);
    }, 0);
    return [...data, (32 - (sum % 32)) % 32].map((value) => crockford[value]).join('');
  });
  return groups.join(' ');
}
const recoveryKeys = [new Uint8Array(32), new Uint8Array(32).fill(0xff), fixed('recovery x25519'), fixed('recovery code 2'), fixed('recovery code 3')];
write('recovery-code.json', {
  codes: recoveryKeys.map((key) => {
    const code = encodeRecoveryCode(key);
    assertSame('recovery code', code, independentRecoveryCode(key));
    return { privateKey: toHex(key), code };
  }),
  // Ways people type the code of fixed('recovery x25519') back.
  typed: (() => {
    const code = encodeRecoveryCode(fixed('recovery x25519'));
    const lines = code.split(' ');
    return [
      code.toLowerCase(),
      code.replaceAll(' ', ''),
      code.replaceAll(' ', '-'),
      `${lines.slice(0, 5).join(' ')}\n${lines.slice(5, 9).join(' ')}\n${lines.slice(9).join(' ')}\n`,
      `  ${code.replaceAll('0', 'O').replaceAll('1', 'l')}  `,
      code.replaceAll('1', 'I').replaceAll(' ', '\u2011'),
    ];
  })(),
});
