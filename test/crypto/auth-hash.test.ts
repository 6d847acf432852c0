// The server's slow hash of an inspector's authValue (sumo: crypto_pwhash_str, Argon2id interactive).
import t from 'tap';
import { CryptoError, hashAuthValue, loadSodium, verifyAuthValue } from '../../crypto/index.ts';
import vectors from './vectors/auth-hash.json' with { type: 'json' };
import passphraseVectors from './vectors/passphrase.json' with { type: 'json' };

await loadSodium('sumo');

const fromHex = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));
const authValue = fromHex(vectors.authValue);

t.test('the committed hash verifies with the authValue the passphrase vector derives', async (t) => {
  t.equal(vectors.authValue, passphraseVectors.authValue, 'same authValue as deriveFromPassphrase gives');
  t.ok(verifyAuthValue(vectors.hash, authValue));
  t.match(vectors.hash, /^\$argon2id\$v=19\$m=65536,t=2,p=1\$/, 'Argon2id, 64 MiB, 2 passes');
});

t.test('a fresh hash has its own salt and verifies', async (t) => {
  const hash = hashAuthValue(authValue);
  t.not(hash, vectors.hash, 'random salt');
  t.ok(verifyAuthValue(hash, authValue));
  t.notOk(hash.includes(Buffer.from(authValue).toString('base64')), 'the authValue is not in the hash');
});

t.test('a different authValue, an altered hash or unknown parameters answer false', async (t) => {
  const other = authValue.slice();
  other[0]! ^= 1;
  t.notOk(verifyAuthValue(vectors.hash, other), 'one bit off');
  const altered = `${vectors.hash.slice(0, -2)}${vectors.hash.endsWith('A') ? 'B' : 'A'}c`;
  t.notOk(verifyAuthValue(altered, authValue), 'altered hash');
  t.notOk(verifyAuthValue(vectors.hash.replace('t=2', 't=1'), authValue), 'parameters this version does not know');
  t.notOk(verifyAuthValue(vectors.hash.replace('argon2id', 'argon2i'), authValue), 'another algorithm');
  t.notOk(verifyAuthValue('', authValue), 'empty');
  t.notOk(verifyAuthValue(vectors.hash.slice(0, 40), authValue), 'truncated');
  t.notOk(verifyAuthValue(vectors.hash, authValue.subarray(0, 31)), 'short authValue');
  t.notOk(verifyAuthValue(`${vectors.hash}${'A'.repeat(200)}`, authValue), 'overlong hash');
});

t.test('hashing refuses an authValue of the wrong length', async (t) => {
  t.throws(() => hashAuthValue(new Uint8Array(16)), { code: 'crypto.bad_length' });
  t.throws(() => hashAuthValue(new Uint8Array(0)), CryptoError);
});
