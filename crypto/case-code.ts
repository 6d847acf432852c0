/**
 * The case code: the reporter's only credential. 27 uniform random decimal digits
 * (89.7 bits) plus a Damm check digit, so typos are caught before any request is made.
 */
import { randomBytes } from './encoding.ts';
import { CryptoError } from './errors.ts';
import { caseCodeV1 } from './versions.ts';

export type CaseCodeCheck = { ok: true; digits: string } | { ok: false; reason: 'length' | 'characters' | 'checksum' };

// Damm's quasigroup of order 10 (row = interim digit, column = next digit), flattened row by row.
const dammTable = '0317598642709215486342068713591750983426612304597836742095815869720134894536201794386172052581436790';

// What people and phones put between groups: spaces (incl. no-break and narrow no-break),
// hyphen, the Unicode dashes U+2010..U+2015, minus sign, and dots.
const separators = /[ \u00a0\u202f\-\u2010-\u2015\u2212.]/g;

function dammInterim(digits: string): number {
  let interim = 0;
  for (const digit of digits) interim = Number(dammTable[interim * 10 + Number(digit)]);
  return interim;
}

/** The Damm check digit ('0'..'9') for a string of ASCII digits. Throws crypto.bad_case_code otherwise. */
export function dammCheckDigit(digits: string): string {
  if (!/^[0-9]*$/.test(digits)) throw new CryptoError('crypto.bad_case_code', 'digits only');
  return String(dammInterim(digits));
}

/** True when a non-empty string of ASCII digits ends in its correct Damm check digit. */
export function dammValid(digits: string): boolean {
  return /^[0-9]+$/.test(digits) && dammInterim(digits) === 0;
}

/** A new case code: 28 ASCII digits, no separators. */
export function generateCaseCode(): string {
  let digits = '';
  while (digits.length < caseCodeV1.randomDigits) {
    for (const byte of randomBytes(32)) {
      // 250 is the largest multiple of 10 below 256: dropping 250..255 keeps every digit equally likely.
      if (byte < 250 && digits.length < caseCodeV1.randomDigits) digits += String(byte % 10);
    }
  }
  return digits + dammCheckDigit(digits);
}

/** Throws crypto.bad_case_code unless `digits` is a normalised case code (28 ASCII digits, valid check digit). */
export function assertCaseCode(digits: string): void {
  const valid = typeof digits === 'string' && digits.length === caseCodeV1.digits && dammValid(digits);
  if (!valid) throw new CryptoError('crypto.bad_case_code', 'expected 28 digits with a valid check digit');
}

/** 28 digits → seven groups of four separated by single spaces (34 characters), for display. */
export function formatCaseCode(digits: string): string {
  assertCaseCode(digits);
  return digits.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/**
 * Typed or pasted text → the 28 digits, or why not. Surrounding whitespace and the separators
 * above are dropped; any other character (letters, other digit scripts) is 'characters'.
 */
export function normalizeCaseCode(input: string): CaseCodeCheck {
  const digits = input.trim().replace(separators, '');
  if (!/^[0-9]*$/.test(digits)) return { ok: false, reason: 'characters' };
  if (digits.length !== caseCodeV1.digits) return { ok: false, reason: 'length' };
  if (!dammValid(digits)) return { ok: false, reason: 'checksum' };
  return { ok: true, digits };
}
