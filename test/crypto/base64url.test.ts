// The one base64url decoder: Node takes Buffer's native decoder, browsers the plain loop; both
// after the same rule, so both must give the same bytes for every canonical text.
import t from 'tap';
import { decodeInPlainJs } from '../../crypto/encoding.ts';
import { fromBase64Url, randomBytes } from '../../crypto/index.ts';

t.test('the plain decoder and Node\'s agree on every length', async (t) => {
  for (let length = 0; length <= 300; length++) {
    const bytes = randomBytes(length);
    const text = Buffer.from(bytes).toString('base64url');
    t.same(decodeInPlainJs(text), bytes, `${length} bytes, plain`);
    t.same(fromBase64Url(text), bytes, `${length} bytes, fromBase64Url`);
  }
});

t.test('the rule refuses what Node\'s decoder alone would take', async (t) => {
  const lenient = ['Zh', 'Zm9', 'Zg==', 'Z', 'Zm9v Zm9v', 'Zm+v', 'Zm/v', 'Zm9v\n'];
  for (const text of lenient) {
    t.ok(Buffer.from(text, 'base64url').length >= 0, `Node decodes ${JSON.stringify(text)} without complaint`);
    t.throws(() => fromBase64Url(text), { code: 'crypto.bad_encoding' }, JSON.stringify(text));
  }
  for (const text of ['Zm9v!Zm9', 'Zm9vYmF=', 'Zm9vYm\u00e9', 'Zm9vYmFy\u0000\u0000\u0000\u0000']) {
    t.throws(() => fromBase64Url(text), { code: 'crypto.bad_encoding' }, JSON.stringify(text));
    t.equal(decodeInPlainJs(text), undefined, `plain: ${JSON.stringify(text)}`);
  }
});
