// The audit log's hash chain: hash = SHA-256(prevHash ‖ canonical JSON of the entry). Pure.
import { createHash } from 'node:crypto';

export type AuditEntry = { seq: number; at: string; actorId: string | null; action: string; caseId: string | null; detail: unknown };
export type ChainedEntry = AuditEntry & { prevHash: string; hash: string };

/** The first link's predecessor. */
export const genesisHash = '0'.repeat(64);

/** JSON with object keys sorted at every level, so the same entry always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function entryHash(prevHash: string, entry: AuditEntry): string {
  const { seq, at, actorId, action, caseId, detail } = entry;
  return createHash('sha256').update(prevHash).update(canonicalJson({ seq, at, actorId, action, caseId, detail })).digest('hex');
}

export type ChainCheck = { ok: true; entries: number } | { ok: false; seq: number; reason: string };

/** Checks entries in seq order: consecutive numbers from 1, each linked to and hashed over its predecessor. */
export function verifyChain(entries: Iterable<ChainedEntry>): ChainCheck {
  let previous = genesisHash;
  let expectedSeq = 1;
  let count = 0;
  for (const entry of entries) {
    if (entry.seq !== expectedSeq) return { ok: false, seq: expectedSeq, reason: `entry ${expectedSeq} is missing (next is ${entry.seq})` };
    if (entry.prevHash !== previous) return { ok: false, seq: entry.seq, reason: 'its prevHash is not the hash of the entry before it' };
    if (entryHash(entry.prevHash, entry) !== entry.hash) return { ok: false, seq: entry.seq, reason: 'its content does not match its hash' };
    previous = entry.hash;
    expectedSeq++;
    count++;
  }
  return { ok: true, entries: count };
}
