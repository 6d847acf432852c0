// crypto/formats.ts: each wire size checked against a real object made by crypto/, and the module
// free of libsodium (contract/ imports it into both web apps' schemas).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import {
  deriveFromPassphrase,
  encryptField,
  fromBase64Url,
  generateBoxKeyPair,
  generateCaseCode,
  generateSigningKeyPair,
  issueCertificate,
  isKeyEnvelope,
  isWrappedSigningKey,
  loadSodium,
  mintChallenge,
  passphraseEnvelopeSalt,
  randomBytes,
  sealReport,
  sealStaffKeys,
  searchSolution,
  signDirectory,
  signRecipientKey,
  staffSigningKeyPair,
  toBase64Url,
  wrapWithPassphrase,
} from '../../crypto/index.ts';
import * as formats from '../../crypto/formats.ts';

await loadSodium('sumo');

const metadata = { region: '75', industry: 'B', category: 'near_miss', groupId: 'region-75' };

const chars = (bytes: Uint8Array) => toBase64Url(bytes).length;

t.test('each constant is the base64url length of the object it names', async (t) => {
  const recipient = generateBoxKeyPair();
  const organisation = generateSigningKeyPair();
  const sealed = sealReport({
    caseCode: generateCaseCode(),
    content: { v: 1, language: 'en', happened: '', employer: 'E', where: 'W', what: 'X', who: 'Y' },
    contact: null,
    recipients: [{ id: 'r1', publicKey: recipient.publicKey }],
    metadata,
  });
  const smallestV1 = encryptField({ reportId: sealed.reportId, field: 'note', plaintext: new Uint8Array(1), reportPublicKey: recipient.publicKey });
  const largest = encryptField({ reportId: sealed.reportId, field: 'note', plaintext: new Uint8Array(65_535), reportPublicKey: recipient.publicKey });
  const largestV2 = encryptField({ reportId: sealed.reportId, field: 'content', plaintext: new Uint8Array(65_535), reportPublicKey: recipient.publicKey, metadata });
  const keyEnvelope = sealStaffKeys(recipient.privateKey, organisation.publicKey, 'correct horse battery staple');
  const legacyKeyEnvelope = wrapWithPassphrase(recipient.privateKey, 'correct horse battery staple');
  const wrappedSigningKey = wrapWithPassphrase(organisation.privateKey, 'correct horse battery staple');
  const challenge = mintChallenge(randomBytes(32), { purpose: 'submit', difficulty: 0, expiresAt: 2_000_000_000 });

  t.equal(formats.publicKeyChars, chars(recipient.publicKey), 'X25519 public key');
  t.equal(formats.publicKeyChars, chars(organisation.publicKey), 'Ed25519 public key');
  t.equal(formats.recipientSignatureChars, chars(signRecipientKey({ recipientId: 'r1', publicKey: recipient.publicKey }, organisation.privateKey)));
  t.equal(formats.keyWrapChars, chars(sealed.recipientWraps[0]!.wrap), 'recipient wrap');
  t.equal(formats.keyWrapChars, chars(sealed.reporterWrap), 'reporter wrap');
  t.equal(formats.fieldEnvelopeMinChars, chars(smallestV1), 'a short note fills the smallest bucket');
  t.equal(formats.fieldEnvelopeMaxChars, chars(largest), 'the largest plaintext fills the largest bucket');
  t.equal(formats.fieldEnvelopeV2MinChars, chars(sealed.content), 'a short report fills the smallest version 2 bucket');
  t.equal(formats.fieldEnvelopeV2MaxChars, chars(largestV2));
  t.same([formats.fieldEnvelopeV2ByteLengths[0], formats.fieldEnvelopeV2ByteLengths.at(-1)], [sealed.content.length, largestV2.length]);
  t.equal(formats.keyEnvelopeChars, chars(keyEnvelope));
  t.equal(formats.legacyKeyEnvelopeChars, chars(legacyKeyEnvelope));
  t.same([formats.formatBytes.keyEnvelope, formats.formatBytes.legacyKeyEnvelope], [keyEnvelope.length, legacyKeyEnvelope.length]);
  t.same([keyEnvelope.length, legacyKeyEnvelope.length], [122, 89]);
  t.equal(formats.wrappedSigningKeyChars, chars(wrappedSigningKey));
  t.equal(formats.passphraseSaltChars, chars(passphraseEnvelopeSalt(keyEnvelope)));
  t.equal(formats.authValueChars, chars(deriveFromPassphrase('correct horse battery staple', passphraseEnvelopeSalt(keyEnvelope)).authValue));
  t.equal(formats.reportIdChars, sealed.reportId.length);
  t.equal(formats.lookupIdChars, chars(sealed.lookupId));
  t.equal(formats.reporterSaltChars, chars(sealed.reporterSalt));
  t.equal(formats.powChallengeChars, chars(challenge));
  t.equal(formats.powNonceChars, chars(searchSolution(challenge, 0, 1)!));

  t.ok(isKeyEnvelope(keyEnvelope), 'the shape check takes a real key envelope');
  t.ok(isKeyEnvelope(legacyKeyEnvelope), 'and a legacy one');
  t.notOk(isKeyEnvelope(keyEnvelope.subarray(0, 121)), 'not one cut short');
  t.notOk(isKeyEnvelope(wrappedSigningKey), 'and refuses the organisation key');
  t.ok(isWrappedSigningKey(wrappedSigningKey));
  t.notOk(isWrappedSigningKey(keyEnvelope));
  t.same(passphraseEnvelopeSalt(keyEnvelope), keyEnvelope.subarray(1, 17), 'the salt is bytes 1..17 of a version 1 envelope');
  t.throws(() => passphraseEnvelopeSalt(Uint8Array.of(2, ...keyEnvelope.subarray(1))), { code: 'crypto.unsupported_version' });
  t.throws(() => passphraseEnvelopeSalt(keyEnvelope.subarray(0, 20)), { code: 'crypto.truncated' });
});

t.test('certificates and directories fit their size bounds', async (t) => {
  const organisation = generateSigningKeyPair();
  const box = generateBoxKeyPair();
  const smallest = issueCertificate({ accountId: 'recovery', boxKey: box.publicKey, signKey: null, role: 'recovery', groups: [], issuedDay: '2026-12-02' }, organisation.privateKey);
  // 60 group ids of 59 characters: close to the 4,096-byte payload limit.
  const groups = Array.from({ length: 60 }, (_, i) => `g${String(i).padStart(2, '0')}-${'x'.repeat(55)}`);
  const large = issueCertificate({ accountId: 'a'.repeat(64), boxKey: box.publicKey, signKey: staffSigningKeyPair(box.privateKey).publicKey, role: 'inspector', groups, issuedDay: '2026-12-02' }, organisation.privateKey);
  for (const certificate of [smallest, large]) {
    t.ok(certificate.length >= formats.formatBytes.certificateMin && certificate.length <= formats.formatBytes.certificateMax, `${certificate.length} bytes`);
    const text = toBase64Url(certificate);
    t.ok(text.length >= formats.certificateMinChars && text.length <= formats.certificateMaxChars);
    t.match(text, new RegExp(formats.versionOnePattern));
  }
  const directory = signDirectory({ version: 1, issuedDay: '2026-12-02', routing: { regions: {}, fallback: 'national', exclusive: {} }, members: {}, recovery: null }, organisation.privateKey);
  t.ok(directory.length >= formats.formatBytes.directoryMin && directory.length <= formats.formatBytes.directoryMax);
  t.match(toBase64Url(directory), new RegExp(formats.versionOnePattern));
  t.notMatch(toBase64Url(Uint8Array.of(2, ...directory.subarray(1))), new RegExp(formats.versionOnePattern), 'another version is refused');
  const channel = { kk: 'қ'.repeat(formats.channelMaxChars), ru: 'я'.repeat(formats.channelMaxChars), en: 'e'.repeat(formats.channelMaxChars) };
  const withChannel = signDirectory({ version: 2, issuedDay: '2026-12-02', routing: { regions: {}, fallback: 'national', exclusive: {} }, members: {}, recovery: null, channel }, organisation.privateKey);
  for (const signed of [directory, withChannel]) {
    const text = toBase64Url(signed);
    t.ok(text.length >= formats.directoryMinChars && text.length <= formats.directoryMaxChars, `${signed.length} bytes`);
    t.match(text, new RegExp(formats.directoryPattern), `version ${signed[0]} is a directory`);
  }
  for (const version of [0, 3, 255]) t.notMatch(toBase64Url(Uint8Array.of(version, ...directory.subarray(1))), new RegExp(formats.directoryPattern), `version ${version} is refused`);
});

t.test('formats.ts reaches no libsodium through its imports', async (t) => {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    t.notMatch(source, /from ['"]libsodium|import\(['"]libsodium|from ['"]\.\/sodium\.ts['"]/, `${file} imports no libsodium`);
    for (const [, relative] of source.matchAll(/^import [^'"]*['"](\.[^'"]+)['"]/gm)) visit(join(dirname(file), relative!));
  };
  visit(fileURLToPath(new URL('../../crypto/formats.ts', import.meta.url)));
  t.ok(seen.size >= 2, 'followed its imports');
});

t.test('the base64url patterns take exactly the text forms the decoder takes', async (t) => {
  await loadSodium('standard');
  for (const bytes of [16, 32, 65, 81, 89, 121]) {
    const pattern = new RegExp(formats.base64UrlPattern(bytes, true));
    const value = randomBytes(bytes);
    value[0] = 1;
    const text = toBase64Url(value);
    t.match(text, pattern, `${bytes} bytes, version 1`);
    t.notMatch(toBase64Url(Uint8Array.of(2, ...value.subarray(1))), pattern, `${bytes} bytes: another version is refused`);
    t.notMatch(text.slice(0, -1), pattern, `${bytes} bytes: one character short is refused`);
    if (bytes % 3 !== 0) {
      // A last character with unused bits set: the decoder refuses it (stray bits), so must the schema.
      const stray = text.slice(0, -1) + (text.endsWith('_') ? 'A' : '_');
      t.throws(() => fromBase64Url(stray), { code: 'crypto.bad_encoding' }, `${bytes} bytes: the decoder refuses stray bits`);
      t.notMatch(stray, pattern, `${bytes} bytes: and so does the pattern`);
    }
  }
  const envelope = toBase64Url(encryptField({ reportId: 'A'.repeat(22), field: 'content', plaintext: new Uint8Array(2000), reportPublicKey: generateBoxKeyPair().publicKey }));
  t.match(envelope, new RegExp(formats.fieldEnvelopePattern), 'a real field envelope');
  t.notMatch(envelope.slice(0, -4), new RegExp(formats.fieldEnvelopePattern), 'a truncated one is refused');
  const envelopeV2 = toBase64Url(encryptField({ reportId: 'A'.repeat(22), field: 'content', plaintext: new Uint8Array(2000), reportPublicKey: generateBoxKeyPair().publicKey, metadata }));
  t.match(envelopeV2, new RegExp(formats.fieldEnvelopeV2Pattern), 'a real version 2 envelope');
  t.notMatch(envelope, new RegExp(formats.fieldEnvelopeV2Pattern), 'the version 2 pattern refuses version 1');
  t.notMatch(envelopeV2, new RegExp(formats.fieldEnvelopePattern), 'and the other way round');
  t.notMatch(envelopeV2.slice(0, -4), new RegExp(formats.fieldEnvelopeV2Pattern), 'a truncated one is refused');
  for (const either of [envelope, envelopeV2]) t.match(either, new RegExp(formats.anyFieldEnvelopePattern), 'either version in answers');
  const box = generateBoxKeyPair();
  const bundle = toBase64Url(Uint8Array.of(1, ...randomBytes(121)));
  const legacy = toBase64Url(Uint8Array.of(1, ...randomBytes(88)));
  for (const keyEnvelope of [bundle, legacy]) t.match(keyEnvelope, new RegExp(formats.anyKeyEnvelopePattern));
  t.notMatch(toBase64Url(Uint8Array.of(1, ...randomBytes(120))), new RegExp(formats.anyKeyEnvelopePattern), '121 bytes');
  t.notMatch(toBase64Url(Uint8Array.of(1, ...box.privateKey)), new RegExp(formats.anyKeyEnvelopePattern), 'a bare key');
  const key = randomBytes(32);
  for (const purpose of ['submit', 'status'] as const) {
    for (const difficulty of [0, 17, 32]) {
      t.match(toBase64Url(mintChallenge(key, { purpose, difficulty, expiresAt: 2_000_000_000 })), new RegExp(formats.powChallengePattern), `a ${purpose} challenge of ${difficulty} bits`);
    }
  }
});
