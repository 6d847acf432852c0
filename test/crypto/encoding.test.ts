import t from 'tap';
import { concatBytes, fromBase64Url, loadSodium, randomBytes, toBase64Url, utf8Decode, utf8Encode } from '../../crypto/index.ts';

await loadSodium();

t.test('base64url matches RFC 4648 test vectors, without padding', async (t) => {
  const vectors: [string, string][] = [
    ['', ''],
    ['f', 'Zg'],
    ['fo', 'Zm8'],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg'],
    ['fooba', 'Zm9vYmE'],
    ['foobar', 'Zm9vYmFy'],
  ];
  for (const [text, encoded] of vectors) {
    t.equal(toBase64Url(utf8Encode(text)), encoded);
    t.same(fromBase64Url(encoded), utf8Encode(text));
  }
  t.equal(toBase64Url(Uint8Array.of(0xfb, 0xff, 0xbf)), '-_-_', 'URL-safe alphabet');
});

t.test('base64url round-trips every length', async (t) => {
  for (let length = 0; length < 40; length++) {
    const bytes = randomBytes(length);
    t.same(fromBase64Url(toBase64Url(bytes)), bytes);
  }
});

t.test('bad base64url is crypto.bad_encoding', async (t) => {
  const bad = ['Zg==', 'Zg=', 'Z', 'Zh', 'Zm9', '+/+/', 'Zm9v YmFy', ' Zg', 'Zg\n', 'Zm9v!', 'Зг'];
  for (const text of bad) t.throws(() => fromBase64Url(text), { code: 'crypto.bad_encoding' }, JSON.stringify(text));
  t.throws(() => fromBase64Url(42 as unknown as string), { code: 'crypto.bad_encoding' });
});

t.test('UTF-8 round-trips and rejects invalid bytes', async (t) => {
  for (const text of ['', 'Қауіпсіз', 'безопасно', '\ufeffBOM kept', '😀']) t.equal(utf8Decode(utf8Encode(text)), text);
  const invalid = [[0xff], [0xc3], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]];
  for (const bytes of invalid) t.throws(() => utf8Decode(Uint8Array.from(bytes)), { code: 'crypto.bad_encoding' });
});

t.test('concatBytes joins in order', async (t) => {
  t.same(concatBytes(), new Uint8Array(0));
  t.same(concatBytes(Uint8Array.of(1), new Uint8Array(0), Uint8Array.of(2, 3)), Uint8Array.of(1, 2, 3));
});

t.test('randomBytes gives the asked length and different values', async (t) => {
  t.equal(randomBytes(0).length, 0);
  t.equal(randomBytes(32).length, 32);
  t.not(toBase64Url(randomBytes(32)), toBase64Url(randomBytes(32)));
  // Past getRandomValues' 65,536-byte limit per call, every chunk is filled.
  const large = randomBytes(200_000);
  t.equal(large.length, 200_000);
  for (const start of [0, 65_536, 131_072, 196_608]) {
    t.ok(large.subarray(start, start + 3_000).some((b) => b !== 0), `bytes from ${start} are random, not left zero`);
  }
});
