import t from 'tap';
import { base32Encode, hotp, otpauthUrl, timeStep, verifyTotp } from '../../server/domain/totp.ts';

// RFC 6238 appendix B (SHA-1), last six digits; the secret is the ASCII "12345678901234567890".
const secret = new TextEncoder().encode('12345678901234567890');
const rfcVectors: [number, string][] = [
  [59, '287082'],
  [1111111109, '081804'],
  [1111111111, '050471'],
  [1234567890, '005924'],
  [2000000000, '279037'],
  [20000000000, '353130'],
];

t.test('RFC 6238 known answers', async (t) => {
  for (const [seconds, code] of rfcVectors) t.equal(hotp(secret, timeStep(new Date(seconds * 1000))), code, `T = ${seconds}`);
});

t.test('RFC 4648 base32', async (t) => {
  t.equal(base32Encode(new TextEncoder().encode('foobar')), 'MZXW6YTBOI');
  t.equal(base32Encode(secret), 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
});

t.test('a code is accepted within one step either side, once', async (t) => {
  const now = new Date(1111111111 * 1000);
  const step = timeStep(now);
  t.equal(verifyTotp(secret, '050471', now, null), step);
  t.equal(verifyTotp(secret, hotp(secret, step - 1), now, null), step - 1, 'previous step');
  t.equal(verifyTotp(secret, hotp(secret, step + 1), now, null), step + 1, 'next step');
  t.equal(verifyTotp(secret, hotp(secret, step - 2), now, null), null, 'two steps off');
  t.equal(verifyTotp(secret, '050471', now, step), null, 'replayed');
  t.equal(verifyTotp(secret, '05047', now, null), null, 'five digits');
  t.equal(verifyTotp(secret, '０５０４７１', now, null), null, 'other digits');
});

t.test('the otpauth link an authenticator app reads', async (t) => {
  const url = new URL(otpauthUrl({ issuer: 'Qauipsiz', account: 'a.nurlanova', secret }));
  t.equal(url.protocol, 'otpauth:');
  t.equal(url.searchParams.get('secret'), 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  t.equal(url.searchParams.get('digits'), '6');
  t.equal(url.searchParams.get('period'), '30');
  t.equal(url.searchParams.get('algorithm'), 'SHA1');
});
