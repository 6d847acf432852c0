// Use cases of the reporter side: the signed directory and certificates the page encrypts by,
// store a report, status by lookup id.
import { fieldMetadata, formatBytes, isFieldEnvelope, isKeyWrap, lookupHash, toBase64Url, type ReportMetadata } from '../../crypto/index.ts';
import { isCategory, isIndustry, isRegion } from '../../db/catalog.ts';
import type { Db } from '../../db/database.ts';
import type { GroupCommit } from '../../db/group-commit.ts';
import { isDuplicate, type NewReport } from '../../db/report-writer.ts';
import type { StorageWatch } from '../operations/storage.ts';
import { statusByLookupHash } from '../../db/repositories/reports.ts';
import { errors } from '../http/errors.ts';
import { requestBytes } from '../shared/bytes.ts';
import type { DirectorySnapshot } from './directory.ts';

export type IntakeDeps = {
  db: Db;
  serverSecret: Uint8Array;
  today: () => string;
  reportWriter: GroupCommit<NewReport>;
  /** The verified directory, its certificates and the deadline settings as of now (server/intake/directory.ts). */
  directory: () => DirectorySnapshot;
  /** Free space and failed writes on DATA_DIR's disk (server/operations/storage.ts). */
  storage: Pick<StorageWatch, 'admitWrite' | 'writeFailed' | 'writeSucceeded'>;
};

function checkClassification(input: { region: string; industry?: string; category: string }): void {
  if (!isRegion(input.region)) throw errors.invalidRequest(`Unknown region ${JSON.stringify(input.region)}`);
  if (input.industry !== undefined && !isIndustry(input.industry)) throw errors.invalidRequest(`Unknown industry section ${JSON.stringify(input.industry)}`);
  if (!isCategory(input.category)) throw errors.invalidRequest(`Unknown category ${JSON.stringify(input.category)}`);
}

/** The organisation key and the current signed directory, as stored (the page verifies both against the key it holds). */
export function currentDirectory(deps: IntakeDeps) {
  const directory = deps.directory();
  if (!directory.organisation) throw errors.noRecipients();
  return {
    organisationKey: toBase64Url(directory.organisation.signingPublicKey),
    directory: directory.signed === null ? null : toBase64Url(directory.signed.bytes),
  };
}

/** The certificates the current directory lists for a group, and the recovery key's. */
export function groupCertificates(deps: IntakeDeps, groupId: string) {
  return { certificates: deps.directory().certificatesOf(groupId).map((c) => toBase64Url(c.bytes)) };
}

export type ReportSubmission = {
  version: 2;
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

/** A version 2 envelope's metadata equals the submission's (null: a version 1 envelope, refused too). */
function sameMetadata(found: ReportMetadata | null, expected: ReportMetadata): boolean {
  return found !== null && found.region === expected.region && found.industry === expected.industry && found.category === expected.category && found.groupId === expected.groupId;
}

/**
 * Stores a report encrypted in the reporter's browser; returns the day it was received. `admit`
 * runs once the report is valid, right before the write: junk never uses up the global budget.
 */
export async function submitReport(deps: IntakeDeps, s: ReportSubmission, admit: () => void): Promise<{ receivedDay: string }> {
  checkClassification(s);
  const directory = deps.directory();
  const route = directory.route(s);
  if (!route.ok) throw errors.noRecipients();
  const expected = route.recipients.map((r) => r.accountId);
  const given = s.recipientWraps.map((w) => w.recipientId);
  // Exactly the keys the signed directory routes to, nobody else: a stale page refetches and retries.
  if (route.groupId !== s.groupId || given.length !== expected.length || !expected.every((id) => given.includes(id))) {
    throw errors.recipientsChanged();
  }
  const content = requestBytes(s.content, 'content', isFieldEnvelope);
  const contact = s.contact === null ? null : requestBytes(s.contact, 'contact', isFieldEnvelope);
  // What the envelopes carry is what recipients will see as authentic: the clear columns must say the same.
  const metadata: ReportMetadata = { region: s.region, industry: s.industry, category: s.category, groupId: s.groupId };
  if (!sameMetadata(fieldMetadata(content), metadata) || (contact !== null && !sameMetadata(fieldMetadata(contact), metadata))) throw errors.reportInvalid();
  const lookupId = requestBytes(s.lookupId, 'lookupId', isLookupId);
  const receivedDay = deps.today();
  const due = directory.deadlines(receivedDay, s.category);
  const report: NewReport = {
    report: { id: s.reportId, envelopeVersion: s.version, region: s.region, industry: s.industry, category: s.category, groupId: route.groupId, receivedDay, acknowledgeDue: due.acknowledge, triageDue: due.triage, answerDue: due.answer, feedbackDue: due.feedback },
    fields: [{ field: 'content', ciphertext: content }, ...(contact === null ? [] : [{ field: 'contact' as const, ciphertext: contact }])],
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
