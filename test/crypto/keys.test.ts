import t from 'tap';
import {
  boxKeyPairFromPrivateKey,
  generateBoxKeyPair,
  generateSigningKeyPair,
  keyFingerprint,
  loadSodium,
  toHex,
} from '../../crypto/index.ts';
import vectors from './vectors/keys.json' with { type: 'json' };

await loadSodium();

const fromHex = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));

t.test('public keys and fingerprints match the committed known answers', async (t) => {
  for (const vector of vectors) {
    t.equal(toHex(boxKeyPairFromPrivateKey(fromHex(vector.privateKey)).publicKey), vector.publicKey);
    t.equal(keyFingerprint(fromHex(vector.publicKey)), vector.fingerprint);
  }
});

t.test('fingerprints are ten groups of four lower-case hex digits', async (t) => {
  t.match(keyFingerprint(generateBoxKeyPair().publicKey), /^[0-9a-f]{4}( [0-9a-f]{4}){9}$/);
  t.throws(() => keyFingerprint(new Uint8Array(31)), { code: 'crypto.bad_length' });
});

t.test('generated key pairs have the documented lengths', async (t) => {
  const box = generateBoxKeyPair();
  const signing = generateSigningKeyPair();
  t.same([box.publicKey.length, box.privateKey.length], [32, 32]);
  t.same([signing.publicKey.length, signing.privateKey.length], [32, 64]);
  t.same(boxKeyPairFromPrivateKey(box.privateKey), box);
});
