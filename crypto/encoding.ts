/** Byte and text conversions shared by crypto/ and its callers. */
import { CryptoError } from './errors.ts';
import { sodium } from './sodium.ts';

const utf8Encoder = new TextEncoder();
// fatal: invalid UTF-8 fails instead of becoming U+FFFD; ignoreBOM: a leading U+FEFF is kept, so decoding is exact.
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Bytes → base64url without padding (RFC 4648 §5), 4 characters per 3 bytes. */
export function toBase64Url(bytes: Uint8Array): string {
  const s = sodium();
  return s.to_base64(bytes, s.base64_variants.URLSAFE_NO_PADDING);
}

/**
 * base64url without padding → bytes. Rejects padding, whitespace, the standard alphabet and
 * non-canonical trailing bits, so each byte string has exactly one text form.
 * Throws crypto.bad_encoding.
 */
export function fromBase64Url(text: string): Uint8Array {
  const s = sodium();
  if (typeof text !== 'string') throw new CryptoError('crypto.bad_encoding', 'base64url input must be a string');
  try {
    return s.from_base64(text, s.base64_variants.URLSAFE_NO_PADDING);
  } catch {
    throw new CryptoError('crypto.bad_encoding', 'invalid base64url');
  }
}

/** Bytes → lower-case hex, 2 characters per byte. */
export function toHex(bytes: Uint8Array): string {
  return sodium().to_hex(bytes);
}

/** String → UTF-8 bytes. */
export function utf8Encode(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

/** UTF-8 bytes → string; throws crypto.bad_encoding on invalid UTF-8. */
export function utf8Decode(bytes: Uint8Array): string {
  try {
    return utf8Decoder.decode(bytes);
  } catch {
    throw new CryptoError('crypto.bad_encoding', 'invalid UTF-8');
  }
}

/** Concatenates byte arrays into one new array. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

/**
 * `length` bytes from the platform's CSPRNG, crypto.getRandomValues (browsers and Node), which is
 * what libsodium's randombytes calls too; straight, because libsodium's JavaScript build asks it
 * for four bytes at a time (measured: 7% of the server's time while it issued challenges).
 */
export function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  // getRandomValues fills at most 65,536 bytes a call.
  for (let offset = 0; offset < length; offset += 65_536) globalThis.crypto.getRandomValues(bytes.subarray(offset, Math.min(length, offset + 65_536)));
  return bytes;
}
