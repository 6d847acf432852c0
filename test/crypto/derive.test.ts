import t from 'tap';
import { deriveLookupId, deriveReporterKeyPair, loadSodium, lookupHash, toHex } from '../../crypto/index.ts';
import vectors from './vectors/derive.json' with { type: 'json' };

await loadSodium();

const fromHex = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));

t.test('derivations match the committed known answers', async (t) => {
  for (const vector of vectors) {
    const lookupId = deriveLookupId(vector.digits);
    const reporter = deriveReporterKeyPair(vector.digits, fromHex(vector.reporterSalt));
    t.equal(toHex(lookupId), vector.lookupId, `lookupId of ${vector.digits}`);
    t.equal(toHex(reporter.publicKey), vector.reporterPublicKey, 'reporter public key');
    t.equal(toHex(reporter.privateKey), vector.reporterPrivateKey, 'reporter private key');
    t.equal(toHex(lookupHash(fromHex(vector.serverSecret), lookupId)), vector.lookupHash, 'lookupHash');
  }
});

t.test('the salt separates reporter keys; the lookup id does not depend on it', async (t) => {
  const [a, b] = vectors;
  const saltB = fromHex(b!.reporterSalt);
  t.not(toHex(deriveReporterKeyPair(a!.digits, saltB).publicKey), a!.reporterPublicKey);
  t.not(toHex(deriveLookupId(a!.digits)), toHex(deriveLookupId(b!.digits)));
});

t.test('malformed inputs are rejected with a code', async (t) => {
  const [{ digits }] = vectors as [(typeof vectors)[number]];
  const grouped = digits.replace(/(\d{4})(?=\d)/g, '$1 ');
  for (const bad of [grouped, digits.slice(1), `${digits}0`, `${digits.slice(0, 27)}${(Number(digits[27]) + 1) % 10}`]) {
    t.throws(() => deriveLookupId(bad), { code: 'crypto.bad_case_code' }, JSON.stringify(bad));
  }
  t.throws(() => deriveReporterKeyPair(digits, new Uint8Array(15)), { code: 'crypto.bad_length' });
  t.throws(() => deriveReporterKeyPair(digits, new Uint8Array(32)), { code: 'crypto.bad_length' });
  t.throws(() => lookupHash(new Uint8Array(31), new Uint8Array(32)), { code: 'crypto.bad_length' });
  t.throws(() => lookupHash(new Uint8Array(32), new Uint8Array(33)), { code: 'crypto.bad_length' });
});
