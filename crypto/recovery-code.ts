/**
 * The recovery key on paper: a code an administrator prints or copies by hand once and types
 * back years later. Crockford base32 (no I, L, O, U; reading maps the look-alikes), in 13 groups
 * of 5 characters, each group's last character a Luhn mod 32 check over the group's index and
 * its 4 data characters, so a mistyped group is named before any key is tried. Pure: no libsodium.
 * Byte layout: crypto/README.md.
 */
import { assertLength } from './errors.ts';
import { recoveryCodeV1 } from './versions.ts';

export type RecoveryCodeReading =
  | { ok: true; privateKey: Uint8Array }
  /** 'length': not 65 characters once separators are dropped; 'version': every group checks but the version bits are not 0001. badGroups empty. */
  | { ok: false; reason: 'length' | 'version'; badGroups: number[] }
  /** 0-based indexes of the groups whose check fails or that hold a character outside the alphabet. */
  | { ok: false; reason: 'group'; badGroups: number[] };

const { alphabet, groups, groupDataChars, keyBytes, versionBits } = recoveryCodeV1;
const radix = alphabet.length;
const bitsPerChar = Math.log2(radix);
const versionBitCount = groups * groupDataChars * bitsPerChar - keyBytes * 8;
const groupChars = groupDataChars + 1;
/** Letters people write for a digit: O for 0, I and L for 1. */
const lookAlikes: Readonly<Record<string, string>> = { O: '0', I: '1', L: '1' };
/** White space (the printed code spans lines) and hyphens of any kind separate groups; they carry nothing. */
const separators = /[\s\-\u2010-\u2015\u2212]/gu;

/** Luhn mod N digit sum of one value: doubled values over N fold back by adding the quotient. */
function luhnAddend(value: number, factor: number): number {
  const product = value * factor;
  return Math.floor(product / radix) + (product % radix);
}

/** The check value of group `index` over its data values: Luhn mod 32, the index as the first value. */
function checkValue(index: number, data: readonly number[]): number {
  const values = [index, ...data];
  let sum = 0;
  for (let i = values.length - 1, factor = 2; i >= 0; i--, factor = 3 - factor) sum += luhnAddend(values[i]!, factor);
  return (radix - (sum % radix)) % radix;
}

/** The 52 five-bit values of key | version bits, most significant bit first. */
function toValues(privateKey: Uint8Array): number[] {
  let bits = '';
  for (const byte of privateKey) bits += byte.toString(2).padStart(8, '0');
  bits += versionBits.toString(2).padStart(versionBitCount, '0');
  return Array.from({ length: bits.length / bitsPerChar }, (_, i) => Number.parseInt(bits.slice(i * bitsPerChar, (i + 1) * bitsPerChar), 2));
}

/**
 * The recovery code of a 32-byte X25519 private key: 13 groups of 5 characters of
 * 0123456789ABCDEFGHJKMNPQRSTVWXYZ joined by single spaces (77 characters). Throws
 * crypto.bad_length for a key of another size.
 */
export function encodeRecoveryCode(privateKey: Uint8Array): string {
  assertLength(privateKey, keyBytes, 'recovery private key');
  const values = toValues(privateKey);
  return Array.from({ length: groups }, (_, index) => {
    const data = values.slice(index * groupDataChars, (index + 1) * groupDataChars);
    return [...data, checkValue(index, data)].map((value) => alphabet[value]).join('');
  }).join(' ');
}

/** A typed character's value, or undefined for one outside the alphabet (U among them; only ASCII letters are upper-cased). */
function valueOf(character: string): number | undefined {
  const upper = /^[a-z]$/.test(character) ? character.toUpperCase() : character;
  const index = alphabet.indexOf(lookAlikes[upper] ?? upper);
  return index === -1 ? undefined : index;
}

/** The group's 4 data values when every character is in the alphabet and the check matches, else null. */
function readGroup(index: number, characters: readonly string[]): number[] | null {
  const values = characters.map(valueOf);
  if (values.some((value) => value === undefined)) return null;
  const data = values.slice(0, groupDataChars) as number[];
  return checkValue(index, data) === values[groupDataChars] ? data : null;
}

/**
 * Reads a typed recovery code: case-insensitive, O read as 0 and I, L as 1, white space and
 * hyphens ignored. Checked in this order: 65 characters ('length'), each group's alphabet and
 * check ('group', naming every bad group), the version bits ('version'). Never throws.
 */
export function readRecoveryCode(typed: string): RecoveryCodeReading {
  const characters = typeof typed === 'string' ? [...typed.replace(separators, '')] : [];
  if (characters.length !== groups * groupChars) return { ok: false, reason: 'length', badGroups: [] };
  const data: number[] = [];
  const badGroups: number[] = [];
  for (let index = 0; index < groups; index++) {
    const group = readGroup(index, characters.slice(index * groupChars, (index + 1) * groupChars));
    if (group === null) badGroups.push(index);
    else data.push(...group);
  }
  if (badGroups.length > 0) return { ok: false, reason: 'group', badGroups };
  const bits = data.map((value) => value.toString(2).padStart(bitsPerChar, '0')).join('');
  if (Number.parseInt(bits.slice(keyBytes * 8), 2) !== versionBits) return { ok: false, reason: 'version', badGroups: [] };
  const privateKey = Uint8Array.from({ length: keyBytes }, (_, i) => Number.parseInt(bits.slice(i * 8, (i + 1) * 8), 2));
  return { ok: true, privateKey };
}
