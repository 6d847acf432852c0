// The server's slow hash of an inspector's authValue (sumo: crypto_pwhash_str, Argon2id interactive).
import t from 'tap';
import { hashAuthValueAsync, nativeArgon2, verifyAuthValueAsync } from '../../crypto/auth-hash-node.ts';
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

// The server's off-thread version (crypto/auth-hash-node.ts): Node's own Argon2id, same strings.

t.test("Node's Argon2id and libsodium's accept each other's hashes", { skip: nativeArgon2 ? false : 'this Node has no crypto.argon2' }, async (t) => {
  t.ok(await verifyAuthValueAsync(vectors.hash, authValue), 'the committed libsodium hash verifies natively');
  const native = await hashAuthValueAsync(authValue);
  t.match(native, /^\$argon2id\$v=19\$m=65536,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
  t.ok(verifyAuthValue(native, authValue), 'libsodium verifies the native hash');
  t.ok(await verifyAuthValueAsync(native, authValue));
  t.not(await hashAuthValueAsync(authValue), native, 'random salt');
});

t.test('off-thread verification answers false for everything the libsodium one refuses', async (t) => {
  const other = authValue.slice();
  other[0]! ^= 1;
  const cases: [string, string, Uint8Array][] = [
    ['one bit off', vectors.hash, other],
    ['altered hash', `${vectors.hash.slice(0, -2)}${vectors.hash.endsWith('A') ? 'B' : 'A'}c`, authValue],
    ['parameters this version does not know', vectors.hash.replace('t=2', 't=1'), authValue],
    ['another algorithm', vectors.hash.replace('argon2id', 'argon2i'), authValue],
    ['empty', '', authValue],
    ['truncated', vectors.hash.slice(0, 40), authValue],
    ['short authValue', vectors.hash, authValue.subarray(0, 31)],
    ['overlong hash', `${vectors.hash}${'A'.repeat(200)}`, authValue],
    ['an extra field', `${vectors.hash}$AAAA`, authValue],
    ['not base64', vectors.hash.replace(/\$([^$]+)$/, '$!!!!'), authValue],
  ];
  for (const [name, stored, value] of cases) {
    t.equal(await verifyAuthValueAsync(stored, value), false, name);
    t.equal(await verifyAuthValueAsync(stored, value, undefined), false, `${name} (libsodium fallback)`);
  }
  await t.rejects(hashAuthValueAsync(new Uint8Array(16)), { code: 'crypto.bad_length' });
});

t.test('without crypto.argon2 (Node 22) the libsodium functions answer', async (t) => {
  const hash = await hashAuthValueAsync(authValue, undefined);
  t.ok(verifyAuthValue(hash, authValue));
  t.ok(await verifyAuthValueAsync(vectors.hash, authValue, undefined));
});

t.test('hashes run one at a time (each holds 64 MiB while it runs)', async (t) => {
  let running = 0;
  let most = 0;
  const slowArgon2 = (_algorithm: 'argon2id', _parameters: unknown, callback: (error: Error | null, key: Buffer) => void) => {
    running++;
    most = Math.max(most, running);
    setTimeout(() => {
      running--;
      callback(null, Buffer.alloc(32, 1));
    }, 5);
  };
  const results = await Promise.all(Array.from({ length: 5 }, () => hashAuthValueAsync(authValue, slowArgon2)));
  t.equal(results.length, 5);
  t.equal(most, 1);
});
