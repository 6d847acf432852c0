// Certificates (crypto/certificate.ts): the committed known answers, and everything a reader must
// refuse: another key, any altered or missing byte, unknown versions, and payloads that are signed
// but not canonical, too large or of the wrong shape.
import t from 'tap';
import {
  certificateDigest,
  fromBase64Url,
  issueCertificate,
  loadSodium,
  readCertificate,
  signingKeyPairFromSeed,
  toBase64Url,
  toHex,
  type CertificateClaim,
} from '../../crypto/index.ts';
import { bitFlips, fromHex, signPayload } from './signed-payload.ts';
import vectors from './vectors/certificate.json' with { type: 'json' };

await loadSodium();

const seed = fromHex(vectors.organisationSeed);
const organisation = signingKeyPairFromSeed(seed);
const prefix = 'qauipsiz.certificate.v1|';
const claimOf = (vector: (typeof vectors.certificates)[number]): CertificateClaim => ({
  ...vector.claim,
  role: vector.claim.role as CertificateClaim['role'],
  boxKey: fromHex(vector.claim.boxKey),
  signKey: vector.claim.signKey === null ? null : fromHex(vector.claim.signKey),
});
const [first] = vectors.certificates as [(typeof vectors.certificates)[number]];
const certificate = fromBase64Url(first.certificate);
const claim = claimOf(first);
/** A payload signed by the organisation key, whatever it holds. */
const signed = (payload: string | Uint8Array, version = 1) => signPayload(seed, organisation.publicKey, prefix, payload, version);
const read = (bytes: Uint8Array) => readCertificate(bytes, organisation.publicKey);
/** The committed payload as an object, to rewrite one part at a time. */
const payloadObject = () => JSON.parse(first.payload) as Record<string, unknown>;
const withPart = (key: string, value: unknown) => JSON.stringify({ ...payloadObject(), [key]: value });

t.test('the committed certificates are what issueCertificate makes, and read back', async (t) => {
  t.equal(toHex(organisation.publicKey), vectors.organisationKey);
  for (const vector of vectors.certificates) {
    const expected = claimOf(vector);
    const bytes = fromBase64Url(vector.certificate);
    t.equal(toBase64Url(issueCertificate(expected, organisation.privateKey)), vector.certificate, `${vector.claim.accountId}: Ed25519 is deterministic`);
    const verified = read(bytes);
    t.ok(verified, vector.claim.accountId);
    t.same({ ...verified, digest: undefined, bytes: undefined }, { ...expected, groups: [...expected.groups].sort(), digest: undefined, bytes: undefined });
    t.equal(verified?.digest, vector.digest);
    t.equal(certificateDigest(bytes), vector.digest);
    t.match(vector.digest, /^[A-Za-z0-9_-]{22}$/);
    t.same(verified?.bytes, bytes);
    t.equal(new TextDecoder().decode(bytes.subarray(65)), vector.payload);
  }
  t.same(claim.groups, ['region-75', 'national'], 'the vector was issued from unsorted groups');
  t.same(read(certificate)?.groups, ['national', 'region-75'], 'and stores them sorted');
});

t.test('the test signer makes what issueCertificate makes (so the refusals below are not about the signature)', async (t) => {
  t.same(signed(first.payload), certificate);
  t.ok(read(signed(first.payload)));
});

t.test('another organisation key reads nothing', async (t) => {
  t.equal(readCertificate(certificate, signingKeyPairFromSeed(new Uint8Array(32)).publicKey), null);
  t.equal(readCertificate(certificate, claim.signKey!), null, "the holder's own key");
  t.equal(readCertificate(certificate, organisation.publicKey.subarray(1)), null, 'a key of 31 bytes');
  const other = signingKeyPairFromSeed(new Uint8Array(32).fill(7));
  t.equal(read(issueCertificate(claim, other.privateKey)), null, 'a certificate issued by another key');
});

t.test('every flipped bit, in the version, signature or payload, is refused', async (t) => {
  const accepted: number[] = [];
  for (const [bit, altered] of bitFlips(certificate)) if (read(altered) !== null) accepted.push(bit);
  t.same(accepted, []);
});

t.test('truncated or extended certificates are refused', async (t) => {
  const accepted: number[] = [];
  for (let length = 0; length < certificate.length; length++) if (read(certificate.subarray(0, length)) !== null) accepted.push(length);
  t.same(accepted, []);
  t.equal(read(Uint8Array.of(...certificate, 0x20)), null, 'a byte appended');
});

t.test('unknown versions are refused, even when signed', async (t) => {
  for (const version of [0, 2, 255]) {
    const altered = certificate.slice();
    altered[0] = version;
    t.equal(read(altered), null, `version byte ${version}`);
    t.equal(read(signed(first.payload, version)), null, `a payload signed under version ${version}`);
  }
});

t.test('signed but non-canonical payloads are refused', async (t) => {
  const object = payloadObject();
  const reordered = JSON.stringify(Object.fromEntries(Object.entries(object).reverse()));
  const cases: Record<string, string> = {
    'keys reordered': reordered,
    'groups unsorted': withPart('groups', ['region-75', 'national']),
    'groups duplicated': withPart('groups', ['national', 'national', 'region-75']),
    'spaces between tokens': JSON.stringify(object, null, 1),
    'a space after a colon': first.payload.replace('"role":', '"role": '),
    'a trailing newline': `${first.payload}\n`,
    'a leading byte order mark': `\ufeff${first.payload}`,
    'a key twice': first.payload.replace('{"account":"inspector-75-01",', '{"account":"someone-else","account":"inspector-75-01",'),
    'an escaped letter': first.payload.replace('"inspector-75-01"', '"\\u0069nspector-75-01"'),
    'a key in standard base64 with padding': withPart('box', `${Buffer.from(claim.boxKey).toString('base64')}`),
  };
  for (const [what, payload] of Object.entries(cases)) {
    t.not(payload, first.payload, `${what}: differs`);
    t.equal(read(signed(payload)), null, what);
  }
});

t.test('oversized payloads and too many groups are refused both ways', async (t) => {
  const manyGroups = Array.from({ length: 64 }, (_, i) => `group-${String(i).padStart(2, '0')}-${'x'.repeat(55)}`);
  const oversized = { ...claim, groups: manyGroups };
  t.throws(() => issueCertificate(oversized, organisation.privateKey), { code: 'crypto.bad_argument' }, 'over 4,096 bytes');
  const oversizedPayload = withPart('groups', manyGroups);
  t.ok(new TextEncoder().encode(oversizedPayload).length > 4096);
  t.equal(read(signed(oversizedPayload)), null, 'a signed payload over 4,096 bytes');
  const tooMany = Array.from({ length: 65 }, (_, i) => `g${String(i).padStart(2, '0')}`);
  t.throws(() => issueCertificate({ ...claim, groups: tooMany }, organisation.privateKey), { code: 'crypto.bad_argument' }, '65 groups');
  t.equal(read(signed(withPart('groups', tooMany))), null, 'a signed certificate with 65 groups');
  const sixtyFour = tooMany.slice(0, 64);
  t.same(read(issueCertificate({ ...claim, groups: sixtyFour }, organisation.privateKey))?.groups, sixtyFour, '64 groups are fine');
});

t.test('signed payloads of the wrong shape are refused, and such claims are not issued', async (t) => {
  const recovery = claimOf(vectors.certificates.find((v) => v.claim.role === 'recovery')!);
  const badClaims: [string, CertificateClaim][] = [
    ['unknown role', { ...claim, role: 'superuser' as CertificateClaim['role'] }],
    ['empty account id', { ...claim, accountId: '' }],
    ['account id with a separator', { ...claim, accountId: 'a|b' }],
    ['account id of 65 characters', { ...claim, accountId: 'a'.repeat(65) }],
    ['group id with capitals', { ...claim, groups: ['Region-75'] }],
    ['group id of 65 characters', { ...claim, groups: ['g'.repeat(65)] }],
    ['impossible day', { ...claim, issuedDay: '2026-02-30' }],
    ['day without zero padding', { ...claim, issuedDay: '2026-2-3' }],
    ['box key of 31 bytes', { ...claim, boxKey: claim.boxKey.subarray(1) }],
    ['sign key of 33 bytes', { ...claim, signKey: Uint8Array.of(...claim.signKey!, 0) }],
    ['a staff key without a signing key', { ...claim, signKey: null }],
    ["a staff key named 'recovery'", { ...claim, accountId: 'recovery' }],
    ['a recovery key with a signing key', { ...recovery, signKey: claim.signKey }],
    ['a recovery key under another id', { ...recovery, accountId: 'spare' }],
  ];
  for (const [what, bad] of badClaims) {
    t.throws(() => issueCertificate(bad, organisation.privateKey), { code: 'crypto.bad_argument' }, `issue: ${what}`);
    const payload = JSON.stringify({
      account: bad.accountId,
      box: toBase64Url(bad.boxKey),
      sign: bad.signKey === null ? null : toBase64Url(bad.signKey),
      role: bad.role,
      groups: bad.groups,
      issued: bad.issuedDay,
    });
    t.equal(read(signed(payload)), null, `read: ${what}`);
  }
  const badPayloads: Record<string, string | Uint8Array> = {
    'role as a number': withPart('role', 1),
    'groups as a string': withPart('groups', 'national'),
    'a group as a number': withPart('groups', [75]),
    'no signing key entry': JSON.stringify((({ sign: _, ...rest }) => rest)(payloadObject())),
    'an extra entry': JSON.stringify({ ...payloadObject(), extra: 1 }),
    'box key as bytes': withPart('box', [...claim.boxKey]),
    'an array': JSON.stringify([payloadObject()]),
    'null': 'null',
    'not JSON': 'account=inspector',
    'not UTF-8': Uint8Array.of(0x7b, 0xff, 0x7d),
    'empty': '',
  };
  for (const [what, payload] of Object.entries(badPayloads)) t.equal(read(signed(payload)), null, what);
});

t.test('junk never throws', async (t) => {
  for (const junk of [undefined, null, 'AQ', 7, [1, 2], new Uint8Array(0), new Uint8Array(5000)]) {
    t.equal(readCertificate(junk as unknown as Uint8Array, organisation.publicKey), null);
    t.equal(readCertificate(certificate, junk as unknown as Uint8Array), null);
  }
  t.throws(() => issueCertificate(claim, organisation.privateKey.subarray(0, 32)), { code: 'crypto.bad_length' });
});
