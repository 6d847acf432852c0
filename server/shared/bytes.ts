// Binary values of a request: base64url text decoded by crypto/'s one decoder, then checked by
// one of crypto/'s shape checks.
import { fromBase64Url } from '../../crypto/index.ts';
import { errors } from '../http/errors.ts';

/** The bytes of `text` (a Buffer over the decoded memory), or undefined unless it is canonical base64url. */
export function decodedBytes(text: string): Buffer | undefined {
  try {
    const bytes = fromBase64Url(text);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  } catch {
    return undefined;
  }
}

/** The bytes of a request field that must be `wellFormed`; request.invalid naming the field otherwise. */
export function requestBytes(text: string, name: string, wellFormed: (bytes: Uint8Array) => boolean): Buffer {
  const bytes = decodedBytes(text);
  if (!bytes) throw errors.invalidRequest(`${name} is not base64url`);
  if (!wellFormed(bytes)) throw errors.invalidRequest(`${name} is not a well-formed version 1 ciphertext`);
  return bytes;
}
