/**
 * Recipient key signatures: the organisation's Ed25519 key vouches for each recipient's X25519
 * key, so the reporter page encrypts only to keys the organisation approved.
 */
import { concatBytes, utf8Encode } from './encoding.ts';
import { assertLength } from './errors.ts';
import { sodium } from './sodium.ts';
import { findVersion, recipientSignatureV1, recipientSignatureVersions } from './versions.ts';

export type RecipientKeyClaim = { recipientId: string; publicKey: Uint8Array };

/** UTF-8("qauipsiz.recipient-key.v1|" + recipientId + "|") | publicKey (32 raw bytes). */
function signedMessage(prefix: string, { recipientId, publicKey }: RecipientKeyClaim): Uint8Array {
  return concatBytes(utf8Encode(`${prefix}${recipientId}|`), publicKey);
}

function isBytes(value: unknown, length: number): value is Uint8Array {
  return value instanceof Uint8Array && value.length === length;
}

/**
 * Signs a recipient's X25519 public key (32 bytes) with the organisation's Ed25519 private key
 * (64 bytes). Returns 0x01 | signature (64) = 65 bytes.
 */
export function signRecipientKey(claim: RecipientKeyClaim, signingPrivateKey: Uint8Array): Uint8Array {
  assertLength(claim.publicKey, 32, 'recipient public key');
  assertLength(signingPrivateKey, 64, 'signing private key');
  const { version, messagePrefix } = recipientSignatureV1;
  const signature = sodium().crypto_sign_detached(signedMessage(messagePrefix, claim), signingPrivateKey);
  return concatBytes(Uint8Array.of(version), signature);
}

/**
 * True only if `signature` (65 bytes) is the organisation key's (32 bytes) signature over this
 * recipient id and public key (32 bytes). Any malformed input or unknown version → false, never a throw.
 */
export function verifyRecipientKey(
  { recipientId, publicKey, signature }: RecipientKeyClaim & { signature: Uint8Array },
  signingPublicKey: Uint8Array,
): boolean {
  if (!(signature instanceof Uint8Array)) return false;
  const parameters = findVersion(recipientSignatureVersions, signature);
  if (parameters === undefined || signature.length !== parameters.length) return false;
  if (typeof recipientId !== 'string' || !isBytes(publicKey, 32) || !isBytes(signingPublicKey, 32)) return false;
  const message = signedMessage(parameters.messagePrefix, { recipientId, publicKey });
  return sodium().crypto_sign_verify_detached(signature.subarray(1), message, signingPublicKey);
}
