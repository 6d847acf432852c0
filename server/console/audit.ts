// Appending to the audit log: every staff action, in the same transaction as the action itself.
import type { Db } from '../../db/database.ts';
import { insertAuditEntry, lastAuditEntry } from '../../db/repositories/audit.ts';
import { canonicalJson, entryHash, genesisHash } from '../domain/audit-chain.ts';

type Conn = Parameters<typeof lastAuditEntry>[0];

export type AuditInput = { actorId: string | null; action: string; caseId?: string | null; detail?: Record<string, unknown> };

/** Appends one entry linked to the last; call inside the action's transaction. */
export function appendAudit(db: Conn, at: Date, input: AuditInput): void {
  const last = lastAuditEntry(db);
  const prevHash = last?.hash ?? genesisHash;
  const entry = { seq: (last?.seq ?? 0) + 1, at: at.toISOString(), actorId: input.actorId, action: input.action, caseId: input.caseId ?? null, detail: input.detail ?? {} };
  insertAuditEntry(db, { ...entry, detail: canonicalJson(entry.detail), prevHash, hash: entryHash(prevHash, entry) });
}

/** Runs `work` and its audit entry in one transaction. */
export function audited<T>(db: Db, at: Date, work: (tx: Conn) => { result: T; audit: AuditInput }): T {
  return db.transaction((tx) => {
    const { result, audit } = work(tx);
    appendAudit(tx, at, audit);
    return result;
  });
}
