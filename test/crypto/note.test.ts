// The 'note' field envelope: an inspector's internal note, bound to its report and field; since
// issue 9 signed by its author inside the envelope (crypto/note.ts).
import t from 'tap';
import {
  boxKeyPairFromPrivateKey,
  concatBytes,
  decryptField,
  encryptField,
  fromBase64Url,
  generateBoxKeyPair,
  generateSigningKeyPair,
  loadSodium,
  openNote,
  sealNote,
  staffSigningKeyPair,
  toBase64Url,
  toHex,
  utf8Decode,
  utf8Encode,
} from '../../crypto/index.ts';
import vectors from './vectors/note.json' with { type: 'json' };
import signed from './vectors/signed-note.json' with { type: 'json' };
import staffKeys from './vectors/staff-keys.json' with { type: 'json' };

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
  unknown[0] = 3;
  t.equal(outcome(() => decryptField({ reportId, field: 'note', envelope: unknown, reportKeyPair })), 'crypto.unsupported_version');
});

// Signed notes (crypto/note.ts): the author's Ed25519 key signs each note inside the envelope.
const author = staffSigningKeyPair(fromHex(staffKeys.boxPrivateKey));
const signedKeys = boxKeyPairFromPrivateKey(fromHex(signed.reportPrivateKey));
const openSigned = (bytes: Uint8Array, id = signed.reportId) => openNote({ reportId: id, envelope: bytes, reportKeyPair: signedKeys });
/** A note plaintext put in an envelope as is: what another holder of the report key could write. */
const rawNote = (plaintext: Uint8Array, id = signed.reportId) => encryptField({ reportId: id, field: 'note', plaintext, reportPublicKey: signedKeys.publicKey });
const committedPlaintext = () => decryptField({ reportId: signed.reportId, field: 'note', envelope: fromBase64Url(signed.envelope), reportKeyPair: signedKeys });

t.test('the committed signed note opens, names its author and verifies with their key', async (t) => {
  t.equal(toHex(author.publicKey), signed.signingPublicKey);
  const note = openSigned(fromBase64Url(signed.envelope));
  t.equal(note.text, signed.text);
  t.equal(note.authorId, signed.authorId);
  t.ok(note.verify(author.publicKey));
  t.notOk(note.verify(generateSigningKeyPair().publicKey), 'another signing key');
  t.notOk(note.verify(author.publicKey.subarray(1)), 'a key of 31 bytes');
});

t.test('a fresh note round-trips', async (t) => {
  const keys = generateBoxKeyPair();
  const reportId = toBase64Url(new Uint8Array(16).fill(3));
  const text = 'Тексеру 3 желтоқсанға жоспарланды. "Quotes" | pipes';
  const sealed = sealNote({ reportId, authorId: 'inspector-75-01', text, reportPublicKey: keys.publicKey, signingKeyPair: author });
  const note = openNote({ reportId, envelope: sealed, reportKeyPair: keys });
  t.same([note.text, note.authorId, note.verify(author.publicKey)], [text, 'inspector-75-01', true]);
});

t.test('an altered author or text no longer verifies', async (t) => {
  const plaintext = committedPlaintext();
  const signature = plaintext.subarray(0, 65);
  const forged = (json: string) => openSigned(rawNote(concatBytes(signature, utf8Encode(json))));
  const otherAuthor = forged(JSON.stringify({ author: 'admin-01', text: signed.text }));
  t.equal(otherAuthor.authorId, 'admin-01');
  t.notOk(otherAuthor.verify(author.publicKey), 'author changed');
  t.notOk(forged(JSON.stringify({ author: signed.authorId, text: `${signed.text}!` })).verify(author.publicKey), 'text changed');
  const flipped = plaintext.slice();
  flipped[10]! ^= 1;
  t.notOk(openSigned(rawNote(flipped)).verify(author.publicKey), 'signature changed');
});

t.test('a signed note copied into another report does not verify there', async (t) => {
  const otherId = toBase64Url(new Uint8Array(16).fill(9));
  const moved = openSigned(rawNote(committedPlaintext(), otherId), otherId);
  t.equal(moved.text, signed.text);
  t.notOk(moved.verify(author.publicKey));
});

t.test('a legacy plain note opens with no author and never verifies', async (t) => {
  const note = openNote({ reportId, envelope, reportKeyPair });
  t.same([note.text, note.authorId], [vectors.plaintext, null]);
  t.notOk(note.verify(author.publicKey));
});

t.test('a signed note with malformed JSON is crypto.bad_content', async (t) => {
  const signature = committedPlaintext().subarray(0, 65);
  for (const json of ['not json', '{"text":"x","author":"a"}', '{"author":"a"}', '{"author":1,"text":"x"}', '{"author":"a", "text":"x"}', '[]']) {
    t.equal(outcome(() => openSigned(rawNote(concatBytes(signature, utf8Encode(json))))), 'crypto.bad_content', json);
  }
  t.equal(outcome(() => openSigned(rawNote(Uint8Array.of(1, 2, 3)))), 'crypto.bad_content', 'cut inside the signature');
});

t.test('sealing refuses an empty author and a bad signing key', async (t) => {
  const keys = generateBoxKeyPair();
  t.equal(outcome(() => sealNote({ reportId, authorId: '', text: 'x', reportPublicKey: keys.publicKey, signingKeyPair: author })), 'crypto.bad_argument');
  t.equal(outcome(() => sealNote({ reportId, authorId: 'a', text: 'x', reportPublicKey: keys.publicKey, signingKeyPair: keys })), 'crypto.bad_length');
});
