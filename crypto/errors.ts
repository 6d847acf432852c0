/**
 * Every failure in crypto/ is a CryptoError with a dotted code, so callers (server error
 * handler, reporter page, console) can branch on the code without parsing messages.
 */
export type CryptoErrorCode =
  | 'crypto.not_ready' // no libsodium build loaded yet
  | 'crypto.needs_sumo' // Argon2id asked for, but only the standard build is loaded
  | 'crypto.unsupported_version' // first byte names a format version this code does not know
  | 'crypto.truncated' // input length does not match what its format requires (cut short or damaged)
  | 'crypto.decrypt_failed' // authentication failed: wrong key, altered bytes or other associated data
  | 'crypto.wrong_passphrase' // a passphrase-wrapped secret did not open (wrong passphrase or altered bytes)
  | 'crypto.bad_encoding' // text is not valid base64url or bytes are not valid UTF-8
  | 'crypto.bad_length' // a key, salt or identifier argument has the wrong byte length
  | 'crypto.bad_argument' // an argument is outside its domain (unknown field name, malformed report id)
  | 'crypto.bad_case_code' // not 28 ASCII digits with a valid Damm check digit
  | 'crypto.bad_content' // decrypted report JSON does not have the expected shape
  | 'crypto.no_recipients' // a report must be readable by at least one recipient
  | 'envelope.too_large'; // plaintext does not fit the largest padding bucket

export class CryptoError extends Error {
  readonly code: CryptoErrorCode;

  constructor(code: CryptoErrorCode, message: string = code) {
    super(message);
    this.name = 'CryptoError';
    this.code = code;
  }
}

/** Throws crypto.bad_length unless `bytes` is a Uint8Array of exactly `length` bytes. */
export function assertLength(bytes: Uint8Array, length: number, what: string): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw new CryptoError('crypto.bad_length', `${what} must be ${length} bytes`);
  }
}
