// Key confirmation codes (crypto/key-code.ts): 12 digits people read aloud to confirm a colleague's keys.
import t from 'tap';
import { keyConfirmationCode, loadSodium } from '../../crypto/index.ts';
import { fromHex } from './signed-payload.ts';
import vectors from './vectors/key-code.json' with { type: 'json' };

t.test('needs the sumo build (Argon2id)', async (t) => {
  await loadSodium('standard');
  const [vector] = vectors as [(typeof vectors)[number]];
  t.throws(() => keyConfirmationCode(fromHex(vector.boxKey), fromHex(vector.signKey)), { code: 'crypto.needs_sumo' });
});

t.test('the committed codes (also checked against node:crypto by make-vectors.ts)', async (t) => {
  await loadSodium('sumo');
  for (const { boxKey, signKey, code } of vectors) {
    t.match(code, /^\d{4} \d{4} \d{4}$/);
    t.equal(keyConfirmationCode(fromHex(boxKey), fromHex(signKey)), code);
  }
  t.equal(new Set(vectors.map((v) => v.code)).size, vectors.length);
});

t.test('the code changes with either key, and the order of the keys matters', async (t) => {
  await loadSodium('sumo');
  const [vector] = vectors as [(typeof vectors)[number]];
  const boxKey = fromHex(vector.boxKey);
  const signKey = fromHex(vector.signKey);
  const flip = (key: Uint8Array) => Uint8Array.of(key[0]! ^ 1, ...key.subarray(1));
  t.not(keyConfirmationCode(flip(boxKey), signKey), vector.code, 'one bit of the box key');
  t.not(keyConfirmationCode(boxKey, flip(signKey)), vector.code, 'one bit of the signing key');
  t.not(keyConfirmationCode(signKey, boxKey), vector.code, 'keys swapped');
});

t.test('keys of the wrong size are refused', async (t) => {
  await loadSodium('sumo');
  t.throws(() => keyConfirmationCode(new Uint8Array(31), new Uint8Array(32)), { code: 'crypto.bad_length' });
  t.throws(() => keyConfirmationCode(new Uint8Array(32), new Uint8Array(64)), { code: 'crypto.bad_length' });
});
