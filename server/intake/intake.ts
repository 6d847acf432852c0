// Use cases of the reporter side: which keys to encrypt to, store a report, status by lookup id.
import { formatBytes, isFieldEnvelope, isKeyWrap, lookupHash, toBase64Url } from '../../crypto/index.ts';
import { isCategory, isIndustry, isRegion } from '../../db/catalog.ts';
import type { Db } from '../../db/database.ts';
import type { GroupCommit } from '../../db/group-commit.ts';
import { isDuplicate, type NewReport } from '../../db/report-writer.ts';
import type { StorageWatch } from '../operations/storage.ts';
import { statusByLookupHash } from '../../db/repositories/reports.ts';
import { routeReport } from '../domain/routing.ts';
import { errors } from '../http/errors.ts';
import { requestBytes } from '../shared/bytes.ts';
import type { DirectorySnapshot } from './directory.ts';

export type IntakeDeps = {
  db: Db;
  serverSecret: Uint8Array;
  today: () => string;
  reportWriter: GroupCommit<NewReport>;
  /** Groups, recipients' keys and deadline settings as of now (server/intake/directory.ts). */
  directory: () => DirectorySnapshot;
  /** Free space and failed writes on DATA_DIR's disk (server/operations/storage.ts). */
  storage: Pick<StorageWatch, 'admitWrite' | 'writeFailed' | 'writeSucceeded'>;
};

function checkClassification(input: { region: string; industry?: string; category: string }): void {
  if (!isRegion(input.region)) throw errors.invalidRequest(`Unknown region ${JSON.stringify(input.region)}`);
  if (input.industry !== undefined && !isIndustry(input.industry)) throw errors.invalidRequest(`Unknown industry section ${JSON.stringify(input.industry)}`);
  if (!isCategory(input.category)) throw errors.invalidRequest(`Unknown category ${JSON.stringify(input.category)}`);
}

function routedGroup(directory: DirectorySnapshot, input: { region: string; category: string }): string {
  const route = routeReport(input, directory.groups);
  if (!route.ok) throw errors.noRecipients();
  return route.groupId;
}

/** The keys a report for this region and category must be encrypted to, with their signatures. */
export function recipientsFor(deps: IntakeDeps, input: { region: string; category: string }) {
  checkClassification(input);
  const directory = deps.directory();
  if (!directory.organisation) throw errors.noRecipients();
  const groupId = routedGroup(directory, input);
  return {
    organisationKey: toBase64Url(directory.organisation.signingPublicKey),
    groupId,
    recipients: directory.keysFor(groupId).map((r) => ({
      id: r.id,
      publicKey: toBase64Url(r.publicKey),
      signature: toBase64Url(r.keySignature),
    })),
  };
}

export type ReportSubmission = {
  version: 1;
  reportId: string;
  region: string;
  industry: string;
  category: string;
  groupId: string;
  lookupId: string;
  reporterSalt: string;
  reporterWrap: string;
  recipientWraps: { recipientId: string; wrap: string }[];
  content: string;
  contact: string | null;
};

const isLookupId = (bytes: Uint8Array) => bytes.length === formatBytes.lookupId;
const isReporterSalt = (bytes: Uint8Array) => bytes.length === formatBytes.reporterSalt;

/**
 * Stores a report encrypted in the reporter's browser; returns the day it was received. `admit`
 * runs once the report is valid, right before the write: junk never uses up the global budget.
 */
export async function submitReport(deps: IntakeDeps, s: ReportSubmission, admit: () => void): Promise<{ receivedDay: string }> {
  checkClassification(s);
  const directory = deps.directory();
  const groupId = routedGroup(directory, s);
  const expected = directory.keysFor(groupId);
  const given = s.recipientWraps.map((w) => w.recipientId);
  // Every current recipient must get a wrap and nobody else: a stale page refetches and retries.
  if (groupId !== s.groupId || given.length !== expected.length || !expected.every((r) => given.includes(r.id))) {
    throw errors.recipientsChanged();
  }
  const lookupId = requestBytes(s.lookupId, 'lookupId', isLookupId);
  const receivedDay = deps.today();
  const due = directory.deadlines(receivedDay, s.category);
  const report: NewReport = {
    report: { id: s.reportId, envelopeVersion: s.version, region: s.region, industry: s.industry, category: s.category, groupId, receivedDay, acknowledgeDue: due.acknowledge, triageDue: due.triage, answerDue: due.answer, feedbackDue: due.feedback },
    fields: [
      { field: 'content', ciphertext: requestBytes(s.content, 'content', isFieldEnvelope) },
      ...(s.contact === null ? [] : [{ field: 'contact' as const, ciphertext: requestBytes(s.contact, 'contact', isFieldEnvelope) }]),
    ],
    recipientWraps: s.recipientWraps.map((w) => ({ recipientId: w.recipientId, wrap: requestBytes(w.wrap, 'recipientWraps/wrap', isKeyWrap) })),
    reporterKey: { salt: requestBytes(s.reporterSalt, 'reporterSalt', isReporterSalt), wrap: requestBytes(s.reporterWrap, 'reporterWrap', isKeyWrap) },
    lookupHash: Buffer.from(lookupHash(deps.serverSecret, lookupId)),
  };
  // Refused before the disk's reserve is gone, and while writes fail, rather than after.
  deps.storage.admitWrite();
  admit();
  try {
    await deps.reportWriter.write(report);
  } catch (error) {
    if (isDuplicate(error)) throw errors.reportConflict();
    if (deps.storage.writeFailed(error)) throw errors.storageFull();
    throw error;
  }
  deps.storage.writeSucceeded();
  return { receivedDay };
}

/** Status of the case whose code gave this lookup id. Wrong and unknown codes are alike here. */
export function caseStatus(deps: IntakeDeps, lookupIdText: string) {
  const lookupId = requestBytes(lookupIdText, 'lookupId', isLookupId);
  const found = statusByLookupHash(deps.db, Buffer.from(lookupHash(deps.serverSecret, lookupId)));
  if (!found) throw errors.caseNotFound();
  return found;
}
