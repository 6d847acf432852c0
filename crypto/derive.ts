/** Everything derived from a case code: the lookup identifier and the reporter's key pair. */
import { assertCaseCode } from './case-code.ts';
import { utf8Encode } from './encoding.ts';
import { assertLength } from './errors.ts';
import type { KeyPair } from './keys.ts';
import { sodium } from './sodium.ts';
import { caseCodeV1 } from './versions.ts';

/** codeKey = BLAKE2b-256(message = the 28 ASCII digits, key = "qauipsiz.case-code.v1"), 32 bytes. */
function codeKey(digits: string): Uint8Array {
  assertCaseCode(digits);
  return sodium().crypto_generichash(32, utf8Encode(digits), utf8Encode(caseCodeV1.codeKey));
}

/** A 32-byte subkey of the code key (crypto_kdf_derive_from_key); wipes the code key afterwards. */
function codeSubkey(digits: string, { subkeyId, context }: { subkeyId: number; context: string }): Uint8Array {
  const s = sodium();
  const key = codeKey(digits);
  const subkey = s.crypto_kdf_derive_from_key(caseCodeV1.subkeyBytes, subkeyId, context, key);
  s.memzero(key);
  return subkey;
}

/** 28-digit case code → lookupId (32 bytes), the only code-derived value the server ever sees. */
export function deriveLookupId(digits: string): Uint8Array {
  return codeSubkey(digits, caseCodeV1.lookupId);
}

/**
 * 28-digit case code + reporterSalt (16 bytes, random per case, stored by the server) →
 * the reporter's X25519 key pair (32-byte keys). The salt keeps the key unique to one case.
 */
export function deriveReporterKeyPair(digits: string, reporterSalt: Uint8Array): KeyPair {
  assertLength(reporterSalt, caseCodeV1.saltBytes, 'reporterSalt');
  const s = sodium();
  const reporterBase = codeSubkey(digits, caseCodeV1.reporterBase);
  const reporterSeed = s.crypto_generichash(32, reporterSalt, reporterBase);
  const { publicKey, privateKey } = s.crypto_box_seed_keypair(reporterSeed);
  s.memzero(reporterBase);
  s.memzero(reporterSeed);
  return { publicKey, privateKey };
}

/**
 * lookupHash = BLAKE2b-256(message = lookupId (32 bytes), key = serverSecret (32 bytes)), 32 bytes.
 * Server side: a leaked database alone cannot be matched against lookup ids.
 */
export function lookupHash(serverSecret: Uint8Array, lookupId: Uint8Array): Uint8Array {
  assertLength(serverSecret, 32, 'serverSecret');
  assertLength(lookupId, 32, 'lookupId');
  return sodium().crypto_generichash(32, lookupId, serverSecret);
}
