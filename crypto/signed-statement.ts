/**
 * The framing the organisation key signs with, shared by certificates and directories:
 * version (1) | Ed25519 signature (64) | payload, the signature over UTF-8(messagePrefix) | payload.
 * The formats keep their own parameter tables (versions.ts) and payload rules.
 */
import { concatBytes, utf8Decode, utf8Encode } from './encoding.ts';
import { assertLength, CryptoError } from './errors.ts';
import { sodium } from './sodium.ts';
import { findVersion } from './versions.ts';

type StatementParameters = { version: number; signatureBytes: number; maxPayloadBytes: number; messagePrefix: string };

function signedMessage(prefix: string, payload: Uint8Array): Uint8Array {
  return concatBytes(utf8Encode(prefix), payload);
}

/**
 * Signs `payload` with the organisation's Ed25519 private key (64 bytes). Throws
 * crypto.bad_argument for a payload over the format's limit, crypto.bad_length for a key of another size.
 */
export function signStatement(parameters: StatementParameters, payload: Uint8Array, organisationPrivateKey: Uint8Array, what: string): Uint8Array {
  assertLength(organisationPrivateKey, 64, 'organisation private key');
  if (payload.length > parameters.maxPayloadBytes) throw new CryptoError('crypto.bad_argument', `${what} payload exceeds ${parameters.maxPayloadBytes} bytes`);
  const signature = sodium().crypto_sign_detached(signedMessage(parameters.messagePrefix, payload), organisationPrivateKey);
  return concatBytes(Uint8Array.of(parameters.version), signature, payload);
}

/**
 * The payload of a statement signed by this organisation key (32 bytes), as bytes and UTF-8 text,
 * or null for an unknown version, an empty or oversized payload, a bad signature or invalid UTF-8.
 * Never throws.
 */
export function openStatement(versions: Readonly<Record<number, StatementParameters>>, statement: Uint8Array, organisationKey: Uint8Array): { payload: Uint8Array; text: string } | null {
  if (!(statement instanceof Uint8Array) || !(organisationKey instanceof Uint8Array) || organisationKey.length !== 32) return null;
  const parameters = findVersion(versions, statement);
  if (parameters === undefined) return null;
  const payloadStart = 1 + parameters.signatureBytes;
  const payload = statement.subarray(payloadStart);
  if (payload.length === 0 || payload.length > parameters.maxPayloadBytes) return null;
  if (!sodium().crypto_sign_verify_detached(statement.subarray(1, payloadStart), signedMessage(parameters.messagePrefix, payload), organisationKey)) return null;
  try {
    return { payload, text: utf8Decode(payload) };
  } catch {
    return null;
  }
}
