// The 'note' field envelope: an inspector's internal note, bound to its report and field.
import t from 'tap';
import { boxKeyPairFromPrivateKey, decryptField, encryptField, fromBase64Url, loadSodium, toHex, utf8Decode, utf8Encode } from '../../crypto/index.ts';
import vectors from './vectors/note.json' with { type: 'json' };

await loadSodium();

const fromHex = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));
const reportKeyPair = boxKeyPairFromPrivateKey(fromHex(vectors.reportPrivateKey));
const envelope = fromBase64Url(vectors.envelope);
const reportId = vectors.reportId;

const outcome = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

t.test('the committed note opens to its plaintext', async (t) => {
  t.equal(toHex(reportKeyPair.publicKey), vectors.reportPublicKey);
  t.equal(envelope.length, 121 + 1024);
  t.equal(utf8Decode(decryptField({ reportId, field: 'note', envelope, reportKeyPair })), vectors.plaintext);
});

t.test('a note is not a content or contact field, and other reports cannot take it', async (t) => {
  t.equal(outcome(() => decryptField({ reportId, field: 'content', envelope, reportKeyPair })), 'crypto.decrypt_failed');
  t.equal(outcome(() => decryptField({ reportId, field: 'contact', envelope, reportKeyPair })), 'crypto.decrypt_failed');
  t.equal(outcome(() => decryptField({ reportId: 'A'.repeat(22), field: 'note', envelope, reportKeyPair })), 'crypto.decrypt_failed');
  const content = encryptField({ reportId, field: 'content', plaintext: utf8Encode('x'), reportPublicKey: reportKeyPair.publicKey });
  t.equal(outcome(() => decryptField({ reportId, field: 'note', envelope: content, reportKeyPair })), 'crypto.decrypt_failed');
});

t.test('a flipped bit, a truncated note or an unknown version is rejected', async (t) => {
  const flipped = envelope.slice();
  flipped[200]! ^= 1;
  t.equal(outcome(() => decryptField({ reportId, field: 'note', envelope: flipped, reportKeyPair })), 'crypto.decrypt_failed');
  t.equal(outcome(() => decryptField({ reportId, field: 'note', envelope: envelope.subarray(0, 500), reportKeyPair })), 'crypto.truncated');
  const unknown = envelope.slice();
  unknown[0] = 2;
  t.equal(outcome(() => decryptField({ reportId, field: 'note', envelope: unknown, reportKeyPair })), 'crypto.unsupported_version');
});
