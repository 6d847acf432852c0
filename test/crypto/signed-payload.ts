// Test support: sign any payload bytes with the vectors' organisation seed by node:crypto, so the
// tests can hand readers payloads that are signed but not canonical, too large or of the wrong
// shape: what only a faulty or compromised signer could produce, and what a reader must refuse.
import { createPrivateKey, sign } from 'node:crypto';

/** version | Ed25519 signature (64) over UTF-8(prefix) | payload | payload. */
export function signPayload(seed: Uint8Array, publicKey: Uint8Array, prefix: string, payload: Uint8Array | string, version = 1): Uint8Array {
  const key = createPrivateKey({
    key: { kty: 'OKP', crv: 'Ed25519', d: Buffer.from(seed).toString('base64url'), x: Buffer.from(publicKey).toString('base64url') },
    format: 'jwk',
  });
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload);
  const signature = sign(null, Buffer.concat([Buffer.from(prefix, 'utf8'), body]), key);
  return Uint8Array.from(Buffer.concat([Buffer.of(version), signature, body]));
}

export const fromHex = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));

/** Every single-bit variant of `bytes`. */
export function* bitFlips(bytes: Uint8Array): Generator<[number, Uint8Array]> {
  for (let bit = 0; bit < bytes.length * 8; bit++) {
    const altered = bytes.slice();
    altered[bit >> 3]! ^= 1 << (bit & 7);
    yield [bit, altered];
  }
}
