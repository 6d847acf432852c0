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

const base64UrlAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** Character code → its 6-bit value, or -1 outside the URL alphabet. */
const base64UrlValue = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) base64UrlValue[base64UrlAlphabet.charCodeAt(i)] = i;
const valueAt = (text: string, i: number) => base64UrlValue[text.charCodeAt(i)] ?? -1;

type NodeBuffer = { from(text: string, encoding: 'base64url'): Uint8Array };
// Node's decoder runs natively (libsodium's WebAssembly one cost a tenth of the server's time per
// report, measured); browsers have no Buffer and take the plain loop below, as fast as they need.
const nodeBuffer = (globalThis as { Buffer?: NodeBuffer }).Buffer;

/**
 * The one rule, checked before decoding: a length that bytes can have (not 1 modulo 4) and zero
 * unused bits in the last character, so each byte string has exactly one text form. The
 * alphabet (URL only: no padding, whitespace or '+/') is checked while decoding.
 */
function hasCanonicalEnd(text: string): boolean {
  const rest = text.length % 4;
  if (rest === 1) return false;
  if (rest === 0) return true;
  const last = valueAt(text, text.length - 1);
  return last >= 0 && (last & (rest === 2 ? 0x0f : 0x03)) === 0;
}

/** Plain JavaScript, 4 characters to 3 bytes; undefined at a character outside the URL alphabet (browsers; exported for its test). */
export function decodeInPlainJs(text: string): Uint8Array | undefined {
  const bytes = new Uint8Array(Math.floor((text.length * 3) / 4));
  let out = 0;
  for (let i = 0; i < text.length; i += 4) {
    const a = valueAt(text, i);
    const b = valueAt(text, i + 1);
    const c = i + 2 < text.length ? valueAt(text, i + 2) : 0;
    const d = i + 3 < text.length ? valueAt(text, i + 3) : 0;
    if ((a | b | c | d) < 0) return undefined;
    const group = (a << 18) | (b << 12) | (c << 6) | d;
    bytes[out++] = group >>> 16;
    if (out < bytes.length) bytes[out++] = (group >>> 8) & 0xff;
    if (out < bytes.length) bytes[out++] = group & 0xff;
  }
  return bytes;
}

/**
 * Node's native decoder, held to the same alphabet: it would also take '+' and '/' and skip
 * anything else, so those are refused and any skipped character shows as a shorter result.
 */
function decodeInNode(buffer: NodeBuffer, text: string): Uint8Array | undefined {
  if (text.includes('+') || text.includes('/')) return undefined;
  const decoded = buffer.from(text, 'base64url');
  if (decoded.length !== Math.floor((text.length * 3) / 4)) return undefined;
  return new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.length);
}

/**
 * base64url without padding → bytes, the one decoder of the project (browsers and server).
 * Rejects padding, whitespace, the standard alphabet, impossible lengths and non-canonical
 * trailing bits. Needs no libsodium. Throws crypto.bad_encoding.
 */
export function fromBase64Url(text: string): Uint8Array {
  if (typeof text !== 'string') throw new CryptoError('crypto.bad_encoding', 'base64url input must be a string');
  const bytes = hasCanonicalEnd(text) ? (nodeBuffer ? decodeInNode(nodeBuffer, text) : decodeInPlainJs(text)) : undefined;
  if (!bytes) throw new CryptoError('crypto.bad_encoding', 'invalid base64url');
  return bytes;
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
