// Administrators' use cases: accounts and their certificates, the organisation's settings and
// signing key wrap, groups, the audit log.
import type { AccountStatus, KeyState } from '../../contract/domain.ts';
import { isWrappedSigningKey, toBase64Url } from '../../crypto/index.ts';
import type { Conn } from '../../db/database.ts';
import { accountGroupIds, getAccount, listAccounts, setAccountStatus, type StaffAccount } from '../../db/repositories/accounts.ts';
import { auditCount, auditPage } from '../../db/repositories/audit.ts';
import { getCurrentDirectory, listCertificates } from '../../db/repositories/directory.ts';
import { getGroup, groupMemberIds, listGroups, setGroupMembers, updateGroupNames } from '../../db/repositories/groups.ts';
import { getOrganisation, updateOrganisation } from '../../db/repositories/organisation.ts';
import { getRecoveryKey, isRecipient, recoveryRecipientId } from '../../db/repositories/recipients.ts';
import { saveSettings } from '../../db/repositories/settings.ts';
import { dayIn } from '../config.ts';
import { transfersProblem, type DayTransfers, type DeadlineSettings } from '../domain/deadlines.ts';
import { errors } from '../http/errors.ts';
import { appendAudit } from '../shared/audit.ts';
import { decodedBytes } from '../shared/bytes.ts';
import { loadSettings, recomputeDeadlines } from '../shared/settings.ts';
import type { ConsoleDeps, Staff } from './context.ts';
import { certificateLookup } from './directory.ts';

/** 'signed' once a stored certificate names the account's current box key; analysts are certified only if an admin chose to. */
export function keyState(account: Pick<StaffAccount, 'role'>, namesCurrentKey: boolean): KeyState {
  if (namesCurrentKey) return 'signed';
  return account.role === 'analyst' ? 'none' : 'awaiting_signature';
}

/** Whether an active account that can receive has a signing key but no certificate for its current key: only an administrator's browser can issue one. */
export function someKeyAwaitsCertificate(db: Conn): boolean {
  const certified = certificateLookup(db);
  return listAccounts(db).some((a) => a.status === 'active' && a.role !== 'analyst' && a.signingPublicKey !== null && !certified(a).namesCurrentKey);
}

const optionalBytes = (bytes: Uint8Array | null) => (bytes ? toBase64Url(bytes) : null);

export function listStaff(deps: ConsoleDeps) {
  const certified = certificateLookup(deps.db);
  return listAccounts(deps.db).map((a) => {
    const { certificate, namesCurrentKey } = certified(a);
    return {
      id: a.id,
      username: a.username,
      displayName: a.displayName,
      role: a.role,
      status: a.status,
      groups: accountGroupIds(deps.db, a),
      keyState: keyState(a, namesCurrentKey),
      totpEnabled: a.totpEnabled,
      publicKey: toBase64Url(a.publicKey),
      signingKey: optionalBytes(a.signingPublicKey),
      certificate: optionalBytes(certificate),
    };
  });
}

/**
 * The colleagues a case key can be shared with: other active accounts whose certificate names their
 * current key. Only public keys and certificates; the browser verifies each certificate with the
 * organisation key it holds before wrapping.
 */
export function listCertifiedColleagues(deps: ConsoleDeps, staff: Staff) {
  const certified = certificateLookup(deps.db);
  return listAccounts(deps.db).flatMap((a) => {
    const { certificate, namesCurrentKey } = certified(a);
    if (a.id === staff.id || a.status !== 'active' || a.role === 'analyst' || !certificate || !namesCurrentKey) return [];
    return [{ id: a.id, username: a.username, displayName: a.displayName, publicKey: toBase64Url(a.publicKey), certificate: toBase64Url(certificate) }];
  });
}

export function setStatus(deps: ConsoleDeps, staff: Staff, accountId: string, status: AccountStatus): void {
  if (!getAccount(deps.db, accountId)) throw errors.accountNotFound();
  if (accountId === staff.id && status === 'disabled') throw errors.accountSelf();
  const now = deps.clock();
  deps.db.transaction((tx) => {
    setAccountStatus(tx, accountId, status, dayIn(deps.timeZone, now));
    appendAudit(tx, now, { actorId: staff.id, action: status === 'disabled' ? 'account.disable' : 'account.enable', detail: { accountId } });
  });
}

export function describeOrganisation(deps: ConsoleDeps, staff: Staff) {
  const organisation = getOrganisation(deps.db);
  if (!organisation) throw errors.notFound();
  const settings = loadSettings(deps.db);
  const recovery = getRecoveryKey(deps.db);
  const { holidays, workingDays, ...deadlines } = settings.deadlines;
  return {
    name: organisation.name,
    signingPublicKey: toBase64Url(organisation.signingPublicKey),
    ...(staff.role === 'admin' ? { wrappedSigningKey: toBase64Url(organisation.wrappedSigningKey) } : {}),
    signingKeyProtection: organisation.signingKeyProtection,
    recoveryPublicKey: recovery ? toBase64Url(recovery.publicKey) : null,
    recoveryCertificate: optionalBytes(listCertificates(deps.db).find((c) => c.accountId === recoveryRecipientId)?.certificate ?? null),
    directoryVersion: getCurrentDirectory(deps.db)?.version ?? null,
    timeZone: deps.timeZone,
    settings: { requireTotp: settings.requireTotp, retentionDays: settings.retentionDays ?? deps.defaultRetentionDays, deadlines, holidays, workingDays },
  };
}

/**
 * Stores the organisation key wrapped under the organisation passphrase, in place of a wrap under
 * an administrator's login passphrase. The server cannot check what it is wrapped under (that is
 * the point); the admin's browser made it. Audited.
 */
export function replaceSigningKeyWrap(deps: ConsoleDeps, staff: Staff, wrappedText: string): void {
  const wrappedSigningKey = decodedBytes(wrappedText);
  if (!wrappedSigningKey || !isWrappedSigningKey(wrappedSigningKey)) throw errors.badKey('wrappedSigningKey');
  if (!getOrganisation(deps.db)) throw errors.notFound();
  const now = deps.clock();
  deps.db.transaction((tx) => {
    updateOrganisation(tx, { wrappedSigningKey, signingKeyProtection: 'organisation_passphrase' });
    appendAudit(tx, now, { actorId: staff.id, action: 'organisation.signing_key_wrap', detail: { protection: 'organisation_passphrase' } });
  });
}

export type SettingsPatch = { requireTotp?: boolean; retentionDays?: number; deadlines?: Partial<Omit<DeadlineSettings, keyof DayTransfers>> } & Partial<DayTransfers>;

export function updateSettings(deps: ConsoleDeps, staff: Staff, patch: SettingsPatch) {
  const current = loadSettings(deps.db);
  const deadlines: DeadlineSettings = {
    ...current.deadlines,
    ...patch.deadlines,
    holidays: patch.holidays ?? current.deadlines.holidays,
    workingDays: patch.workingDays ?? current.deadlines.workingDays,
  };
  const problem = transfersProblem(deadlines);
  if (problem) throw errors.badDay(`${problem.field}: ${problem.day} is not allowed (each day real, listed once, in one list only; a day made working a Saturday or Sunday)`);
  const now = deps.clock();
  deps.db.transaction((tx) => {
    saveSettings(tx, {
      requireTotp: patch.requireTotp ?? current.requireTotp,
      retentionDays: patch.retentionDays ?? current.retentionDays,
      deadlines: JSON.stringify(deadlines),
    });
    appendAudit(tx, now, { actorId: staff.id, action: 'organisation.settings', detail: { ...patch } });
  });
  if (patch.deadlines || patch.holidays || patch.workingDays) recomputeDeadlines(deps.db, false);
  return describeOrganisation(deps, staff);
}

export function listAllGroups(deps: ConsoleDeps) {
  return listGroups(deps.db).map((g) => ({ ...g, members: groupMemberIds(deps.db, g.id) }));
}

export function renameGroup(deps: ConsoleDeps, staff: Staff, groupId: string, names: { nameKk: string; nameRu: string; nameEn: string }) {
  if (!getGroup(deps.db, groupId)) throw errors.groupNotFound();
  const now = deps.clock();
  deps.db.transaction((tx) => {
    updateGroupNames(tx, groupId, names);
    appendAudit(tx, now, { actorId: staff.id, action: 'group.rename', detail: { groupId, ...names } });
  });
  return listAllGroups(deps).find((g) => g.id === groupId);
}

export function putGroupMembers(deps: ConsoleDeps, staff: Staff, groupId: string, accountIds: string[]) {
  if (!getGroup(deps.db, groupId)) throw errors.groupNotFound();
  const unique = [...new Set(accountIds)];
  for (const id of unique) {
    const account = getAccount(deps.db, id);
    if (id === recoveryRecipientId || (!account && !isRecipient(deps.db, id))) throw errors.accountNotFound();
    if (account && account.role === 'analyst') throw errors.notRecipient();
  }
  const now = deps.clock();
  deps.db.transaction((tx) => {
    setGroupMembers(tx, groupId, unique);
    appendAudit(tx, now, { actorId: staff.id, action: 'group.members', detail: { groupId, accountIds: unique } });
  });
  return listAllGroups(deps).find((g) => g.id === groupId);
}

export const auditPageSize = 100;

export function readAudit(deps: ConsoleDeps, staff: Staff, page: number) {
  const total = auditCount(deps.db);
  const entries = auditPage(deps.db, (page - 1) * auditPageSize, auditPageSize).map((e) => ({
    seq: e.seq,
    at: e.at,
    actorId: e.actorId,
    action: e.action,
    caseId: e.caseId,
    detail: JSON.parse(e.detail) as Record<string, unknown>,
    hash: e.hash,
  }));
  appendAudit(deps.db, deps.clock(), { actorId: staff.id, action: 'audit.view', detail: { page } });
  return { total, page, pageSize: auditPageSize, entries };
}
