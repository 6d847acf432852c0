// Staff key envelopes (crypto/staff-keys.ts): a bundle of the X25519 private key and the
// organisation key under the login passphrase, the legacy bare key, and the upgrade between them.
// Argon2id costs about a quarter second here: each test derives at most twice.
import t from 'tap';
import {
  CryptoError,
  deriveFromPassphrase,
  fromBase64Url,
  generateBoxKeyPair,
  isKeyEnvelope,
  loadSodium,
  openStaffKeys,
  passphraseEnvelopeSalt,
  rewrapStaffKeys,
  sealStaffKeys,
  staffSigningKeyPair,
  toHex,
  wrapWithPassphrase,
} from '../../crypto/index.ts';
import { fromHex } from './signed-payload.ts';
import vectors from './vectors/staff-keys.json' with { type: 'json' };

await loadSodium('sumo');

const envelope = fromBase64Url(vectors.envelope);
const legacyEnvelope = fromBase64Url(vectors.legacyEnvelope);
const organisationKey = fromHex(vectors.organisationKey);
const keysFor = (bytes: Uint8Array, passphrase = vectors.passphrase) => deriveFromPassphrase(passphrase, passphraseEnvelopeSalt(bytes));
const { wrappingKey } = keysFor(envelope);
const legacyKeys = keysFor(legacyEnvelope);
const outcome = (operation: () => unknown): string => {
  try {
    operation();
    return 'opened';
  } catch (error) {
    return error instanceof CryptoError ? error.code : `unexpected ${String(error)}`;
  }
};

t.test('the committed bundle opens to the key pair, the derived signing key and the organisation key', async (t) => {
  t.equal(envelope.length, 122);
  t.ok(isKeyEnvelope(envelope));
  const keys = openStaffKeys(envelope, wrappingKey);
  t.equal(toHex(keys.keyPair.privateKey), vectors.boxPrivateKey);
  t.equal(toHex(keys.keyPair.publicKey), vectors.boxPublicKey);
  t.equal(toHex(keys.signingKeyPair.publicKey), vectors.signingPublicKey, 'signing key: KDF subkey 1 of the X25519 key, committed');
  t.equal(keys.signingKeyPair.privateKey.length, 64);
  t.equal(toHex(keys.organisationKey!), vectors.organisationKey);
});

t.test('the signing key pair is derived deterministically and differs per box key', async (t) => {
  const privateKey = fromHex(vectors.boxPrivateKey);
  t.equal(toHex(staffSigningKeyPair(privateKey).publicKey), vectors.signingPublicKey);
  t.not(toHex(staffSigningKeyPair(generateBoxKeyPair().privateKey).publicKey), vectors.signingPublicKey);
  t.throws(() => staffSigningKeyPair(privateKey.subarray(1)), { code: 'crypto.bad_length' });
});

t.test('a legacy envelope opens with organisationKey null', async (t) => {
  t.equal(legacyEnvelope.length, 89);
  t.ok(isKeyEnvelope(legacyEnvelope));
  const keys = openStaffKeys(legacyEnvelope, legacyKeys.wrappingKey);
  t.equal(keys.organisationKey, null);
  t.equal(toHex(keys.keyPair.publicKey), vectors.boxPublicKey);
  t.equal(toHex(keys.signingKeyPair.publicKey), vectors.signingPublicKey, 'the same signing key as from a bundle');
});

t.test('rewrap keeps the salt and the authValue, takes a fresh nonce and adds the organisation key', async (t) => {
  const rewrapped = rewrapStaffKeys(legacyEnvelope, legacyKeys.wrappingKey, organisationKey);
  t.equal(rewrapped.length, 122);
  t.same(passphraseEnvelopeSalt(rewrapped), passphraseEnvelopeSalt(legacyEnvelope), 'same salt');
  t.not(toHex(rewrapped.subarray(17, 41)), toHex(legacyEnvelope.subarray(17, 41)), 'fresh nonce');
  const again = deriveFromPassphrase(vectors.passphrase, passphraseEnvelopeSalt(rewrapped));
  t.equal(toHex(again.authValue), toHex(legacyKeys.authValue), 'the login authValue does not change');
  const keys = openStaffKeys(rewrapped, again.wrappingKey);
  t.equal(toHex(keys.organisationKey!), vectors.organisationKey);
  t.equal(toHex(keys.keyPair.privateKey), vectors.boxPrivateKey);
});

t.test('rewrap refuses a bundle, a wrong key and bad sizes', async (t) => {
  t.equal(outcome(() => rewrapStaffKeys(envelope, wrappingKey, organisationKey)), 'crypto.bad_argument', 'already a bundle');
  t.equal(outcome(() => rewrapStaffKeys(legacyEnvelope, wrappingKey, organisationKey)), 'crypto.wrong_passphrase', 'another wrapping key');
  t.equal(outcome(() => rewrapStaffKeys(legacyEnvelope, legacyKeys.wrappingKey, organisationKey.subarray(1))), 'crypto.bad_length');
});

t.test('a wrong passphrase, altered bytes or a cut envelope fail', async (t) => {
  const wrong = keysFor(envelope, `${vectors.passphrase}!`);
  t.equal(outcome(() => openStaffKeys(envelope, wrong.wrappingKey)), 'crypto.wrong_passphrase');
  for (const index of [20, 60, 121]) {
    const altered = envelope.slice();
    altered[index]! ^= 1;
    t.equal(outcome(() => openStaffKeys(altered, wrappingKey)), 'crypto.wrong_passphrase', `byte ${index}`);
  }
  for (const length of [0, 1, 57, 88, 90, 121]) t.equal(outcome(() => openStaffKeys(envelope.subarray(0, length), wrappingKey)), 'crypto.truncated', `${length} bytes`);
  t.equal(outcome(() => openStaffKeys(Uint8Array.of(...envelope, 0), wrappingKey)), 'crypto.truncated', '123 bytes');
  const version = envelope.slice();
  version[0] = 2;
  t.equal(outcome(() => openStaffKeys(version, wrappingKey)), 'crypto.unsupported_version');
});

t.test('a bundle of unknown version inside a good envelope is refused', async (t) => {
  const passphrase = 'x';
  const secret = new Uint8Array(65);
  secret[0] = 2;
  const odd = wrapWithPassphrase(secret, passphrase);
  t.equal(outcome(() => openStaffKeys(odd, keysFor(odd, passphrase).wrappingKey)), 'crypto.unsupported_version');
});

t.test('a fresh bundle round-trips', async (t) => {
  const box = generateBoxKeyPair();
  const sealed = sealStaffKeys(box.privateKey, organisationKey, 'another passphrase');
  t.equal(sealed.length, 122);
  const keys = openStaffKeys(sealed, keysFor(sealed, 'another passphrase').wrappingKey);
  t.same(keys.keyPair, box);
  t.same(keys.organisationKey, organisationKey);
  t.same(keys.signingKeyPair, staffSigningKeyPair(box.privateKey));
  t.throws(() => sealStaffKeys(box.privateKey, organisationKey.subarray(0, 31), 'p'), { code: 'crypto.bad_length' });
  t.throws(() => sealStaffKeys(box.publicKey.subarray(1), organisationKey, 'p'), { code: 'crypto.bad_length' });
});
