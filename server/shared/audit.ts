// Appending to the audit log: every staff action (console or CLI), in the same transaction as the
// action itself.
import type { AuditAction } from '../../contract/domain.ts';
import type { Conn } from '../../db/database.ts';
import { insertAuditEntry, lastAuditEntry } from '../../db/repositories/audit.ts';
import { canonicalJson, entryHash, genesisHash } from '../domain/audit-chain.ts';

export type AuditInput = { actorId: string | null; action: AuditAction; caseId?: string | null; detail?: Record<string, unknown> };

/** Appends one entry linked to the last; call inside the action's transaction. */
export function appendAudit(db: Conn, at: Date, input: AuditInput): void {
  const last = lastAuditEntry(db);
  const prevHash = last?.hash ?? genesisHash;
  const entry = { seq: (last?.seq ?? 0) + 1, at: at.toISOString(), actorId: input.actorId, action: input.action, caseId: input.caseId ?? null, detail: input.detail ?? {} };
  insertAuditEntry(db, { ...entry, detail: canonicalJson(entry.detail), prevHash, hash: entryHash(prevHash, entry) });
}
