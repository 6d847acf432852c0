/**
 * Canonical JSON for signed payloads (certificates, directories): one byte string per value, so
 * a reader can re-serialise what it parsed and demand byte equality. Pure: no libsodium, so the
 * server and the pages can use the checks on already-verified values.
 */

/** A group id: 1..64 of [a-z0-9-] ('region-75', 'national', 'anti-corruption'). */
export const groupIdPattern = /^[a-z0-9-]{1,64}$/;
/** A certificate digest: BLAKE2b-128 as base64url, 22 characters. */
export const digestPattern = /^[A-Za-z0-9_-]{22}$/;
const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for 'YYYY-MM-DD' naming a real calendar day. */
export function isDay(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = dayPattern.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** A plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An array of strings, each matching `pattern`, at most `max` of them. */
export function isStringList(value: unknown, pattern: RegExp, max = Number.POSITIVE_INFINITY): value is string[] {
  return Array.isArray(value) && value.length <= max && value.every((item) => typeof item === 'string' && pattern.test(item));
}

/**
 * Strings sorted by UTF-16 code units (byte order for the ASCII ids used here) without duplicates:
 * the one order a canonical list has.
 */
export function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

/** True when `values` is already sorted and free of duplicates. */
export function isSortedUnique(values: readonly string[]): boolean {
  return values.every((value, i) => i === 0 || values[i - 1]! < value);
}

/**
 * A JSON value as text. Objects' keys are written in the order given by `entries` (callers pass
 * them in their canonical order) rather than by JSON.stringify, which puts integer-like keys such
 * as KATO prefixes ('75') first in numeric order.
 */
export type CanonicalValue = string | number | null | CanonicalValue[] | { entries: [string, CanonicalValue][] };

export function canonicalJson(value: CanonicalValue): string {
  if (value === null || typeof value === 'string' || typeof value === 'number') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  return `{${value.entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

/** An object whose keys are written sorted (maps such as regions → group). */
export function sortedEntries<T>(record: Readonly<Record<string, T>>, toValue: (item: T) => CanonicalValue): { entries: [string, CanonicalValue][] } {
  return { entries: Object.keys(record).sort().map((key) => [key, toValue(record[key]!)]) };
}

/** JSON.parse that answers undefined instead of throwing. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
