// RFC 6238 time-based one-time passwords (SHA-1, 6 digits, 30-second steps), the kind every
// authenticator app reads from an otpauth:// link. Pure apart from node:crypto's HMAC.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const totpParameters = Object.freeze({ digits: 6, stepSeconds: 30, window: 1, secretBytes: 20 });

const base32Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding, as otpauth:// links carry secrets. */
export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += base32Alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += base32Alphabet[(value << (5 - bits)) & 31];
  return out;
}

/** RFC 4226 HOTP value for a counter. */
export function hotp(secret: Uint8Array, counter: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', secret).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** totpParameters.digits;
  return String(code).padStart(totpParameters.digits, '0');
}

export const timeStep = (now: Date) => Math.floor(now.getTime() / 1000 / totpParameters.stepSeconds);

/**
 * The time step whose code matches, within ±1 step of `now`, and later than `lastStep` (a code
 * is accepted once); null otherwise.
 */
export function verifyTotp(secret: Uint8Array, code: string, now: Date, lastStep: number | null): number | null {
  if (!/^[0-9]{6}$/.test(code)) return null;
  const current = timeStep(now);
  for (let step = current - totpParameters.window; step <= current + totpParameters.window; step++) {
    if (lastStep !== null && step <= lastStep) continue;
    if (timingSafeEqual(Buffer.from(hotp(secret, step)), Buffer.from(code))) return step;
  }
  return null;
}

export function otpauthUrl(input: { issuer: string; account: string; secret: Uint8Array }): string {
  const label = encodeURIComponent(`${input.issuer}:${input.account}`);
  const query = new URLSearchParams({ secret: base32Encode(input.secret), issuer: input.issuer, algorithm: 'SHA1', digits: '6', period: '30' });
  return `otpauth://totp/${label}?${query.toString()}`;
}
