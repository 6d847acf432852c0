// Argon2id costs about a quarter second here, so each subtest runs it at most twice.
import t from 'tap';
import {
  CryptoError,
  deriveFromPassphrase,
  fromBase64Url,
  loadSodium,
  toHex,
  unwrapWithKey,
  unwrapWithPassphrase,
  wrapWithPassphrase,
} from '../../crypto/index.ts';
import vectors from './vectors/passphrase.json' with { type: 'json' };

await loadSodium('sumo');

const fromHex = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));
const envelope = fromBase64Url(vectors.envelope);
const secret = fromHex(vectors.secret);

/** `envelope` with one bit flipped at byte `index`. */
function flipped(index: number): Uint8Array {
  const altered = envelope.slice();
  altered[index]! ^= 0x10;
  return altered;
}

t.test('derivation matches the committed known answer', async (t) => {
  const { authValue, wrappingKey } = deriveFromPassphrase(vectors.passphrase, fromHex(vectors.salt));
  t.equal(toHex(authValue), vectors.authValue);
  t.equal(toHex(wrappingKey), vectors.wrappingKey);
  t.not(toHex(authValue), toHex(wrappingKey), 'the value sent to the server is not the wrapping key');
});

t.test('the committed envelope opens with the passphrase', async (t) => {
  t.equal(envelope.length, 1 + 16 + 24 + secret.length + 16);
  t.same(unwrapWithPassphrase(envelope, vectors.passphrase), secret);
});

t.test('one Argon2id run serves login and unwrapping: the envelope opens with the derived key', async (t) => {
  const { wrappingKey } = deriveFromPassphrase(vectors.passphrase, envelope.subarray(1, 17));
  t.same(unwrapWithKey(envelope, wrappingKey), secret);
  const wrongKey = wrappingKey.slice();
  wrongKey[0]! ^= 1;
  t.throws(() => unwrapWithKey(envelope, wrongKey), { code: 'crypto.wrong_passphrase' });
  t.throws(() => unwrapWithKey(envelope.subarray(0, 40), wrappingKey), { code: 'crypto.truncated' });
  t.throws(() => unwrapWithKey(Uint8Array.of(2, ...envelope.subarray(1)), wrappingKey), { code: 'crypto.unsupported_version' });
});

t.test('an NFKC-equivalent spelling of the passphrase opens it too', async (t) => {
  t.not(vectors.equivalentPassphrase, vectors.passphrase);
  t.same(unwrapWithPassphrase(envelope, vectors.equivalentPassphrase), secret);
});

t.test('a wrong passphrase is crypto.wrong_passphrase', async (t) => {
  t.throws(() => unwrapWithPassphrase(envelope, `${vectors.passphrase} `), { code: 'crypto.wrong_passphrase' });
});

t.test('a fresh wrap round-trips with its own salt', async (t) => {
  const wrapped = wrapWithPassphrase(secret, vectors.passphrase);
  t.not(toHex(wrapped.subarray(1, 17)), toHex(envelope.subarray(1, 17)), 'fresh salt');
  t.same(unwrapWithPassphrase(wrapped, vectors.passphrase), secret);
});

// One flipped bit in each part: salt (changes the key), nonce, ciphertext, tag.
for (const [part, index] of [['salt', 5], ['nonce', 20], ['ciphertext', 45], ['tag', envelope.length - 1]] as const) {
  t.test(`a flipped bit in the ${part} is rejected`, async (t) => {
    t.throws(() => unwrapWithPassphrase(flipped(index), vectors.passphrase), { code: 'crypto.wrong_passphrase' });
  });
}

t.test('unknown versions and truncated input are rejected before Argon2id runs', async (t) => {
  for (const version of [0x00, 0x02, 0xff]) {
    const altered = envelope.slice();
    altered[0] = version;
    t.throws(() => unwrapWithPassphrase(altered, vectors.passphrase), { code: 'crypto.unsupported_version' }, `version ${version}`);
  }
  for (const length of [0, 1, 17, 41, 56]) {
    t.throws(() => unwrapWithPassphrase(envelope.subarray(0, length), vectors.passphrase), { code: 'crypto.truncated' }, `${length} bytes`);
  }
  t.throws(() => deriveFromPassphrase(vectors.passphrase, new Uint8Array(8)), { code: 'crypto.bad_length' });
});

t.test('errors are CryptoError instances', async (t) => {
  t.throws(() => unwrapWithPassphrase(new Uint8Array(0), 'x'), CryptoError);
});
