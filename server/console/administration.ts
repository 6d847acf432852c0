// Administrators' use cases: accounts, key signatures, the organisation's settings, groups, the audit log.
import type { AccountStatus, KeyState } from '../../contract/domain.ts';
import { toBase64Url, verifyRecipientKey } from '../../crypto/index.ts';
import { accountGroupIds, getAccount, listAccounts, setAccountStatus, signAccountKey, type StaffAccount } from '../../db/repositories/accounts.ts';
import { auditCount, auditPage } from '../../db/repositories/audit.ts';
import { getGroup, groupMemberIds, listGroups, setGroupMembers, updateGroupNames } from '../../db/repositories/groups.ts';
import { getOrganisation } from '../../db/repositories/organisation.ts';
import { getRecoveryKey, isRecipient, recoveryRecipientId } from '../../db/repositories/recipients.ts';
import { saveSettings } from '../../db/repositories/settings.ts';
import { dayIn } from '../config.ts';
import type { DeadlineSettings } from '../domain/deadlines.ts';
import { errors } from '../http/errors.ts';
import { appendAudit } from '../shared/audit.ts';
import { decodedBytes } from '../shared/bytes.ts';
import { loadSettings, recomputeDeadlines } from '../shared/settings.ts';
import type { ConsoleDeps, Staff } from './context.ts';

export function keyState(account: StaffAccount): KeyState {
  if (account.keySignature) return 'signed';
  return account.role === 'analyst' ? 'none' : 'awaiting_signature';
}

export function listStaff(deps: ConsoleDeps) {
  return listAccounts(deps.db).map((a) => ({
    id: a.id,
    username: a.username,
    displayName: a.displayName,
    role: a.role,
    status: a.status,
    groups: accountGroupIds(deps.db, a),
    keyState: keyState(a),
    totpEnabled: a.totpEnabled,
    publicKey: toBase64Url(a.publicKey),
    keySignature: a.keySignature ? toBase64Url(a.keySignature) : null,
  }));
}

/**
 * The colleagues a case key can be shared with: active accounts whose key the organisation
 * signed. Only public keys and signatures; the browser checks each signature before wrapping.
 */
export function listSignedColleagues(deps: ConsoleDeps, staff: Staff) {
  return listAccounts(deps.db)
    .filter((a) => a.id !== staff.id && a.status === 'active' && a.role !== 'analyst' && a.keySignature)
    .map((a) => ({ id: a.id, username: a.username, displayName: a.displayName, publicKey: toBase64Url(a.publicKey), keySignature: toBase64Url(a.keySignature!) }));
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

export function signAccount(deps: ConsoleDeps, staff: Staff, accountId: string, signatureText: string): void {
  const account = getAccount(deps.db, accountId);
  if (!account) throw errors.accountNotFound();
  if (account.role === 'analyst') throw errors.notRecipient();
  const organisation = getOrganisation(deps.db);
  const signature = decodedBytes(signatureText);
  if (!signature || !organisation || !verifyRecipientKey({ recipientId: account.id, publicKey: account.publicKey, signature }, organisation.signingPublicKey)) throw errors.badSignature();
  const now = deps.clock();
  deps.db.transaction((tx) => {
    signAccountKey(tx, account, Buffer.from(signature), dayIn(deps.timeZone, now));
    appendAudit(tx, now, { actorId: staff.id, action: 'account.sign', detail: { accountId } });
  });
}

export function describeOrganisation(deps: ConsoleDeps, staff: Staff) {
  const organisation = getOrganisation(deps.db);
  if (!organisation) throw errors.notFound();
  const settings = loadSettings(deps.db);
  const recovery = getRecoveryKey(deps.db);
  const { holidays, ...deadlines } = settings.deadlines;
  return {
    name: organisation.name,
    signingPublicKey: toBase64Url(organisation.signingPublicKey),
    ...(staff.role === 'admin' ? { wrappedSigningKey: toBase64Url(organisation.wrappedSigningKey) } : {}),
    recoveryPublicKey: recovery ? toBase64Url(recovery.publicKey) : null,
    recoverySignature: recovery ? toBase64Url(recovery.keySignature) : null,
    settings: { requireTotp: settings.requireTotp, retentionDays: settings.retentionDays ?? deps.defaultRetentionDays, deadlines, holidays },
  };
}

export type SettingsPatch = { requireTotp?: boolean; retentionDays?: number; deadlines?: Partial<Omit<DeadlineSettings, 'holidays'>>; holidays?: string[] };

export function updateSettings(deps: ConsoleDeps, staff: Staff, patch: SettingsPatch) {
  const current = loadSettings(deps.db);
  const deadlines: DeadlineSettings = { ...current.deadlines, ...patch.deadlines, holidays: patch.holidays ?? current.deadlines.holidays };
  const now = deps.clock();
  deps.db.transaction((tx) => {
    saveSettings(tx, {
      requireTotp: patch.requireTotp ?? current.requireTotp,
      retentionDays: patch.retentionDays ?? current.retentionDays,
      deadlines: JSON.stringify(deadlines),
    });
    appendAudit(tx, now, { actorId: staff.id, action: 'organisation.settings', detail: { ...patch } });
  });
  if (patch.deadlines || patch.holidays) recomputeDeadlines(deps.db, false);
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
