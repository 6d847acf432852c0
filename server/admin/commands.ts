// The admin CLI's commands, as functions over a database and an I/O pair so tests can drive them.
import { nanoid } from 'nanoid';
import {
  certificateDigest,
  CryptoError,
  deriveFromPassphrase,
  generateBoxKeyPair,
  hashAuthValue,
  generateSigningKeyPair,
  issueCertificate,
  keyFingerprint,
  openReport,
  openStaffKeys,
  passphraseEnvelopeSalt,
  readDirectory,
  sealStaffKeys,
  signDirectory,
  staffSigningKeyPair,
  unwrapWithPassphrase,
  wrapWithPassphrase,
  type DirectoryClaim,
  type KeyPair,
} from '../../crypto/index.ts';
import { categories, industries, regions } from '../../db/catalog.ts';
import type { Db } from '../../db/database.ts';
import { backupDatabase, restoreDatabase, verifyBackup } from '../../db/backup.ts';
import { getAccount, getAccountByUsername, insertAccount, setCertifiedGroups } from '../../db/repositories/accounts.ts';
import { auditEntriesInOrder } from '../../db/repositories/audit.ts';
import { getGroup, groupIdsOf, listGroups } from '../../db/repositories/groups.ts';
import { createOrganisation, getOrganisation } from '../../db/repositories/organisation.ts';
import { getCurrentDirectory, publishDirectory } from '../../db/repositories/directory.ts';
import { getRecipient, listRecipients } from '../../db/repositories/recipients.ts';
import { getReportForRecipient, listReportsOfGroups, purgeClosedReports } from '../../db/repositories/reports.ts';
import { verifyChain } from '../domain/audit-chain.ts';
import { defaultGroupRows } from '../domain/groups.ts';
import { appendAudit } from '../shared/audit.ts';
import { loadSettings } from '../shared/settings.ts';
import { chmodSync, copyFileSync, existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { daysBefore } from '../config.ts';
import { runningServerPid } from '../pid-file.ts';
import { secretFileName } from '../secret.ts';
import { firstDirectory, withMember } from './directory.ts';
import type { SecretReader } from './prompt.ts';

export type AdminIo = { out: (line: string) => void; readSecret: SecretReader; today: () => string };

export class AdminError extends Error {}

export const minimumPassphraseLength = 12;

async function newPassphrase(io: AdminIo, who: string): Promise<string> {
  const first = await io.readSecret(`New passphrase for ${who} (at least ${minimumPassphraseLength} characters): `);
  if ([...first].length < minimumPassphraseLength) throw new AdminError(`The passphrase must have at least ${minimumPassphraseLength} characters.`);
  const again = await io.readSecret('Type it again: ');
  if (again !== first) throw new AdminError('The two passphrases differ; nothing was changed.');
  return first;
}

function wrongPassphrase<T>(open: () => T): T {
  try {
    return open();
  } catch (error) {
    if (error instanceof CryptoError && error.code === 'crypto.wrong_passphrase') throw new AdminError('Wrong passphrase.');
    throw error;
  }
}

function unwrapOrFail(envelope: Uint8Array, passphrase: string): Uint8Array {
  return wrongPassphrase(() => unwrapWithPassphrase(envelope, passphrase));
}

/** A staff key envelope (a bundle, or a legacy bare key) opened with its owner's passphrase. */
function openStaffEnvelope(envelope: Uint8Array, passphrase: string): KeyPair {
  const { wrappingKey } = deriveFromPassphrase(passphrase, passphraseEnvelopeSalt(envelope));
  try {
    return wrongPassphrase(() => openStaffKeys(envelope, wrappingKey)).keyPair;
  } finally {
    wrappingKey.fill(0);
  }
}

export async function createOrg(db: Db, io: AdminIo, name: string): Promise<void> {
  if (getOrganisation(db)) throw new AdminError('The organisation already exists.');
  const passphrase = await newPassphrase(io, 'the organisation signing key');
  const signing = generateSigningKeyPair();
  const groups = defaultGroupRows(io.today());
  const directory = Buffer.from(signDirectory(firstDirectory(io.today()), signing.privateKey));
  db.transaction((tx) => {
    createOrganisation(
      tx,
      {
        name,
        signingPublicKey: Buffer.from(signing.publicKey),
        wrappedSigningKey: Buffer.from(wrapWithPassphrase(signing.privateKey, passphrase)),
        signingKeyProtection: 'organisation_passphrase',
        createdDay: io.today(),
      },
      groups,
    );
    publishDirectory(tx, { version: 1, directory, certificates: [], publishedBy: null, at: new Date() });
    appendAudit(tx, new Date(), { actorId: null, action: 'cli.create_org', detail: { directoryVersion: 1 } });
  });
  signing.privateKey.fill(0);
  io.out(`Organisation "${name}" created with ${groups.length} recipient groups.`);
  io.out(`Organisation key fingerprint (publish it): ${keyFingerprint(signing.publicKey)}`);
}

/**
 * The organisation's private key, opened with the organisation passphrase, and checked to belong
 * to the stored organisation key (a wrap swapped in the database would sign for another key).
 */
function organisationPrivateKey(org: { signingPublicKey: Buffer; wrappedSigningKey: Buffer }, passphrase: string): Uint8Array {
  const privateKey = unwrapOrFail(org.wrappedSigningKey, passphrase);
  if (!Buffer.from(privateKey.subarray(32)).equals(org.signingPublicKey)) throw new AdminError('The stored signing key does not belong to the organisation key; nothing was changed.');
  return privateKey;
}

/** The current directory, verified with the organisation key; a first version for an organisation that has none. */
function currentDirectory(db: Db, organisationKey: Uint8Array, today: string): DirectoryClaim & { exists: boolean } {
  const stored = getCurrentDirectory(db);
  if (!stored) return { ...firstDirectory(today), version: 0, exists: false };
  const claim = readDirectory(stored.directory, organisationKey);
  if (!claim || claim.version !== stored.version) throw new AdminError('The stored directory does not verify with the organisation key; nothing was changed.');
  return { ...claim, exists: true };
}

/**
 * Adds an inspector: a key pair made here, sealed with the organisation key under their
 * passphrase; a certificate for it, and the next directory version listing it in its groups, both
 * signed with the organisation key (the current directory read and verified first).
 */
export async function addInspector(db: Db, io: AdminIo, input: { name: string; groupIds: string[]; username?: string }): Promise<string> {
  const org = getOrganisation(db);
  if (!org) throw new AdminError('Create the organisation first: npm run admin -- create-org --name "…"');
  if (input.groupIds.length === 0) throw new AdminError('Name at least one --group (see: npm run admin -- list).');
  for (const groupId of input.groupIds) if (!getGroup(db, groupId)) throw new AdminError(`No recipient group "${groupId}" (see: npm run admin -- list).`);
  if (input.username !== undefined && !/^[a-z0-9._-]{3,64}$/.test(input.username)) throw new AdminError('--username: 3 to 64 characters, lower-case letters, digits, ".", "_" or "-".');
  if (input.username !== undefined && getAccountByUsername(db, input.username)) throw new AdminError(`The username "${input.username}" is taken.`);
  const signingKey = organisationPrivateKey(org, await io.readSecret('Organisation passphrase (to certify the new key): '));
  const today = io.today();
  const current = currentDirectory(db, org.signingPublicKey, today);
  const passphrase = await newPassphrase(io, `inspector ${input.name}`);
  const id = nanoid(12);
  const username = input.username ?? id.toLowerCase().replace(/[^a-z0-9]/g, '-');
  const groupIds = [...new Set(input.groupIds)].sort();
  const keys = generateBoxKeyPair();
  const keyEnvelope = Buffer.from(sealStaffKeys(keys.privateKey, org.signingPublicKey, passphrase));
  const staffSigning = staffSigningKeyPair(keys.privateKey);
  const signKey = staffSigning.publicKey;
  staffSigning.privateKey.fill(0);
  const certificate = Buffer.from(issueCertificate({ accountId: id, boxKey: keys.publicKey, signKey, role: 'inspector', groups: groupIds, issuedDay: today }, signingKey));
  const digest = certificateDigest(certificate);
  const next = withMember(current, digest, groupIds, today);
  const directory = Buffer.from(signDirectory({ version: next.version, issuedDay: next.issuedDay, routing: next.routing, members: next.members, recovery: next.recovery, channel: next.channel ?? null }, signingKey));
  signingKey.fill(0);
  keys.privateKey.fill(0);
  // The console's login: the same derivation the browser makes, with the key envelope's salt.
  const { authValue, wrappingKey } = deriveFromPassphrase(passphrase, passphraseEnvelopeSalt(keyEnvelope));
  wrappingKey.fill(0);
  const now = new Date();
  db.transaction((tx) => {
    insertAccount(tx, {
      id,
      username,
      displayName: input.name,
      role: 'inspector',
      keyEnvelope,
      publicKey: Buffer.from(keys.publicKey),
      signingPublicKey: Buffer.from(signKey),
      authHash: hashAuthValue(authValue),
      createdAt: now.toISOString(),
    });
    publishDirectory(tx, { version: next.version, directory, certificates: [{ accountId: id, certificate, digest, boxKey: Buffer.from(keys.publicKey), displayName: input.name }], publishedBy: null, at: now });
    setCertifiedGroups(tx, id, groupIds);
    appendAudit(tx, now, { actorId: null, action: 'cli.add_inspector', detail: { accountId: id, groupIds, directoryVersion: next.version } });
  });
  io.out(`Inspector ${input.name} added with id ${id} to ${groupIds.join(', ')}.`);
  io.out(`Console username: ${username}`);
  io.out(`Key fingerprint: ${keyFingerprint(keys.publicKey)}`);
  io.out(`Directory version ${next.version} published.`);
  return id;
}

export function list(db: Db, io: AdminIo): void {
  const org = getOrganisation(db);
  io.out(org ? `Organisation: ${org.name} (key ${keyFingerprint(org.signingPublicKey)})` : 'No organisation yet: npm run admin -- create-org --name "…"');
  io.out('');
  io.out('Recipient groups (id, active inspectors, name):');
  for (const g of listGroups(db)) io.out(`  ${g.id.padEnd(18)} ${String(g.activeRecipients).padStart(3)}  ${g.nameEn} / ${g.nameRu}`);
  io.out('');
  io.out('Inspectors (id, name, groups, key fingerprint):');
  for (const r of listRecipients(db)) {
    io.out(`  ${r.id}  ${r.displayName}  [${r.groups.join(', ')}]  ${keyFingerprint(r.publicKey)}${r.disabledDay ? `  disabled ${r.disabledDay}` : ''}`);
  }
}


export function cases(db: Db, io: AdminIo, inspectorId: string): void {
  if (!getRecipient(db, inspectorId)) throw new AdminError(`No inspector with id ${inspectorId}.`);
  const rows = listReportsOfGroups(db, groupIdsOf(db, inspectorId));
  io.out(rows.length === 0 ? 'No cases in this inspector\'s groups.' : 'Cases (id, received, status, region, industry, category):');
  for (const r of rows) io.out(`  ${r.id}  ${r.receivedDay}  ${r.status.padEnd(10)}  ${r.region}  ${r.industry}  ${r.category}`);
}

export async function read(db: Db, io: AdminIo, input: { reportId: string; inspectorId: string }): Promise<void> {
  const inspector = getRecipient(db, input.inspectorId);
  if (!inspector) throw new AdminError(`No inspector with id ${input.inspectorId}.`);
  const found = getReportForRecipient(db, input.reportId, input.inspectorId);
  // One answer for "no such case" and "not yours": an inspector learns nothing of other groups.
  if (!found?.wrap) throw new AdminError(`No case ${input.reportId} for this inspector.`);
  // A console account's envelope is the current one (the recipients row may hold none).
  const envelope = getAccount(db, input.inspectorId)?.keyEnvelope ?? inspector.wrappedPrivateKey;
  const keyPair = openStaffEnvelope(envelope, await io.readSecret(`Passphrase of ${inspector.displayName}: `));
  const field = (name: string) => found.fields.find((f) => f.field === name)?.ciphertext ?? null;
  const content = field('content');
  if (!content) throw new AdminError(`Case ${input.reportId} has no content.`);
  const opened = openReport({
    reportId: input.reportId,
    content,
    contact: field('contact'),
    wrap: found.wrap,
    keyPair,
  });
  keyPair.privateKey.fill(0);
  const now = new Date();
  db.transaction((tx) => {
    appendAudit(tx, now, { actorId: input.inspectorId, action: 'case.decrypt', caseId: input.reportId, detail: { via: 'cli' } });
    // The terminal shows the contact line as the console's disclosure does: the same entry.
    appendAudit(tx, now, { actorId: input.inspectorId, action: 'case.contact_disclosed', caseId: input.reportId, detail: { present: opened.contact !== null, via: 'cli' } });
  });
  const r = found.report;
  io.out(`Case ${r.id} — received ${r.receivedDay}, status ${r.status}`);
  const sealed = opened.metadata;
  if (sealed && (sealed.region !== r.region || sealed.industry !== r.industry || sealed.category !== r.category || sealed.groupId !== r.groupId)) {
    io.out(`WARNING: the stored metadata differ from what the reporter encrypted (region ${sealed.region}, industry ${sealed.industry}, category ${sealed.category}, group ${sealed.groupId}).`);
  }
  io.out(`Region:    ${regions.find((x) => x.katoPrefix === r.region)?.labels.en ?? r.region}`);
  io.out(`Industry:  ${r.industry} ${industries.find((x) => x.section === r.industry)?.labels.en ?? ''}`);
  io.out(`Category:  ${categories.find((x) => x.id === r.category)?.labels.en ?? r.category}`);
  io.out(`Language:  ${opened.content.language}`);
  io.out(`Happened:  ${opened.content.happened || 'not given'}`);
  io.out(`Employer:  ${opened.content.employer}`);
  io.out(`Where:     ${opened.content.where}`);
  io.out(`Affected:  ${opened.content.who}`);
  io.out('What happened:');
  for (const line of opened.content.what.split('\n')) io.out(`  ${line}`);
  io.out(opened.contact ? `Contact (disclose only with the reporter's consent): ${opened.contact.name}, ${opened.contact.contact}` : 'Contact: none given (anonymous)');
}

/** Online backup: the database, and beside it the server secret that case codes need. */
export async function backup(database: { sqlite: Parameters<typeof backupDatabase>[0] }, io: AdminIo, input: { file: string; dataDir: string }): Promise<void> {
  if (existsSync(input.file)) throw new AdminError(`${input.file} exists already; choose a new file name.`);
  await backupDatabase(database.sqlite, input.file);
  const { reports } = verifyBackup(input.file);
  io.out(`Backed up ${reports} cases to ${input.file}`);
  const secret = join(input.dataDir, secretFileName);
  if (!existsSync(secret)) return; // the server never started here, so no code was ever issued against a secret
  copyFileSync(secret, `${input.file}.${secretFileName}`);
  chmodSync(`${input.file}.${secretFileName}`, 0o600);
  io.out(`and the server secret to ${input.file}.${secretFileName} (without it, case codes cannot find their cases in a restored copy). Keep both somewhere safe.`);
}

/** Restore into DATA_DIR while no server runs there; the replaced files are kept with a .before-restore suffix. */
export function restore(io: AdminIo, input: { file: string; dataDir: string }): void {
  const pid = runningServerPid(input.dataDir);
  if (pid) throw new AdminError(`A server (pid ${pid}) is running on ${input.dataDir}; stop it before restoring.`);
  if (!existsSync(input.file)) throw new AdminError(`No backup at ${input.file}.`);
  let checked: { reports: number };
  try {
    checked = restoreDatabase(input.file, join(input.dataDir, 'qauipsiz.db'));
  } catch (error) {
    throw new AdminError(`Not restored: ${(error as Error).message}`);
  }
  const secret = `${input.file}.${secretFileName}`;
  const target = join(input.dataDir, secretFileName);
  if (existsSync(secret)) {
    if (existsSync(target)) renameSync(target, `${target}.before-restore`);
    copyFileSync(secret, target);
    chmodSync(target, 0o600);
  }
  io.out(`Restored ${checked.reports} cases from ${input.file}${existsSync(secret) ? ' with its server secret' : ''}.`);
}

export function purge(database: Parameters<typeof purgeClosedReports>[0], io: AdminIo, defaultRetentionDays: number): void {
  const cutoff = daysBefore(io.today(), loadSettings(database.db).retentionDays ?? defaultRetentionDays);
  io.out(`Purged ${purgeClosedReports(database, cutoff)} cases closed on or before ${cutoff}.`);
}

/** Checks the audit log's hash chain; names the first broken link. Returns whether it is intact. */
export function verifyAudit(db: Db, io: AdminIo): boolean {
  const check = verifyChain(
    (function* () {
      for (const e of auditEntriesInOrder(db)) yield { ...e, detail: JSON.parse(e.detail) as unknown };
    })(),
  );
  if (check.ok) {
    io.out(`Audit log intact: ${check.entries} entries, each linked to the one before.`);
    return true;
  }
  io.out(`Audit log broken at seq ${check.seq}: ${check.reason}.`);
  return false;
}
