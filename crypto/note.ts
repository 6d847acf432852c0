/**
 * Signed internal notes: the author's Ed25519 key (staff-keys.ts) signs each note inside its
 * encrypted field envelope (field 'note', version 1), so the server can neither alter a note nor
 * change who wrote it. Byte layout: crypto/README.md.
 */
import { isRecord, parseJson } from './canonical.ts';
import { concatBytes, utf8Decode, utf8Encode } from './encoding.ts';
import { assertLength, CryptoError } from './errors.ts';
import { decryptField, encryptField } from './envelope.ts';
import type { KeyPair } from './keys.ts';
import { sodium } from './sodium.ts';
import { signedNoteV1 } from './versions.ts';

export type OpenedNote = {
  text: string;
  /** null: an unsigned note written before notes were signed. */
  authorId: string | null;
  /** True only if the note is signed by this Ed25519 public key (32 bytes), the author's per their certificate. */
  verify: (signKey: Uint8Array) => boolean;
};

/** {"author":…,"text":…} in this key order. */
function noteJson(authorId: string, text: string): string {
  return JSON.stringify({ author: authorId, text });
}

/** UTF-8("qauipsiz.note.v1|" + reportId + "|" + JSON): binds the note to its report. */
function signedMessage(reportId: string, json: string): Uint8Array {
  return utf8Encode(`${signedNoteV1.messagePrefix}${reportId}|${json}`);
}

/**
 * Encrypts a note to the report key, signed by the author: plaintext 0x01 | Ed25519 signature (64)
 * | UTF-8 JSON {"author","text"}, in a version 1 field envelope (field 'note'). Throws as
 * encryptField does (crypto.bad_argument, envelope.too_large) and crypto.bad_length for keys.
 */
export function sealNote(input: { reportId: string; authorId: string; text: string; reportPublicKey: Uint8Array; signingKeyPair: KeyPair }): Uint8Array {
  const { reportId, authorId, text, reportPublicKey, signingKeyPair } = input;
  if (typeof authorId !== 'string' || authorId === '' || typeof text !== 'string') throw new CryptoError('crypto.bad_argument', 'a note has an author and a text');
  assertLength(signingKeyPair.privateKey, 64, 'Ed25519 private key');
  const json = noteJson(authorId, text);
  const signature = sodium().crypto_sign_detached(signedMessage(reportId, json), signingKeyPair.privateKey);
  const plaintext = concatBytes(Uint8Array.of(signedNoteV1.version), signature, utf8Encode(json));
  return encryptField({ reportId, field: 'note', plaintext, reportPublicKey });
}

/** An unsigned note from before signed notes: its text, no author, nothing verifies. */
function legacyNote(plaintext: Uint8Array): OpenedNote {
  return { text: utf8Decode(plaintext), authorId: null, verify: () => false };
}

/**
 * Opens a note with the report key pair. A plaintext not starting with 0x01 is a legacy unsigned
 * note (authorId null, verify always false). Throws as decryptField does, and crypto.bad_content
 * for a signed note whose JSON is malformed.
 */
export function openNote(input: { reportId: string; envelope: Uint8Array; reportKeyPair: KeyPair }): OpenedNote {
  const { reportId } = input;
  const plaintext = decryptField({ reportId, field: 'note', envelope: input.envelope, reportKeyPair: input.reportKeyPair });
  if (plaintext[0] !== signedNoteV1.version) return legacyNote(plaintext);
  const signature = plaintext.slice(1, 1 + signedNoteV1.signatureBytes);
  const json = utf8Decode(plaintext.subarray(1 + signedNoteV1.signatureBytes));
  const value = parseJson(json);
  if (signature.length !== signedNoteV1.signatureBytes || !isRecord(value) || typeof value.author !== 'string' || typeof value.text !== 'string' || noteJson(value.author, value.text) !== json) {
    throw new CryptoError('crypto.bad_content', 'signed note is malformed');
  }
  const message = signedMessage(reportId, json);
  return {
    text: value.text,
    authorId: value.author,
    verify: (signKey) => signKey instanceof Uint8Array && signKey.length === 32 && sodium().crypto_sign_verify_detached(signature, message, signKey),
  };
}
