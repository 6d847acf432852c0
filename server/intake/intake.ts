// Use cases of the reporter side: which keys to encrypt to, store a report, status by lookup id.
import { fromBase64Url, isFieldEnvelope, isKeyWrap, lookupHash, toBase64Url } from '../../crypto/index.ts';
import { isCategory, isIndustry, isRegion } from '../../db/catalog.ts';
import type { Db } from '../../db/database.ts';
import { activeRecipientsOf, getOrganisation, getRecoveryKey, listGroups } from '../../db/repositories/recipients.ts';
import { caseDeadlines, loadSettings } from '../console/settings.ts';
import type { GroupCommit } from '../../db/group-commit.ts';
import { DuplicateReportError, statusByLookupHash, type NewReport } from '../../db/repositories/reports.ts';
import { routeReport } from '../domain/routing.ts';
import { errors } from '../http/errors.ts';

export type IntakeDeps = { db: Db; serverSecret: Uint8Array; today: () => string; reportWriter: GroupCommit<NewReport> };

function checkClassification(input: { region: string; industry?: string; category: string }): void {
  if (!isRegion(input.region)) throw errors.invalidRequest(`Unknown region ${JSON.stringify(input.region)}`);
  if (input.industry !== undefined && !isIndustry(input.industry)) throw errors.invalidRequest(`Unknown industry section ${JSON.stringify(input.industry)}`);
  if (!isCategory(input.category)) throw errors.invalidRequest(`Unknown category ${JSON.stringify(input.category)}`);
}

function routedGroup(db: Db, input: { region: string; category: string }): string {
  const route = routeReport(input, listGroups(db));
  if (!route.ok) throw errors.noRecipients();
  return route.groupId;
}

/** The group's active recipients, and the recovery key when the organisation has one. */
function keysToWrapFor(db: Db, groupId: string) {
  const recovery = getRecoveryKey(db);
  return [...activeRecipientsOf(db, groupId), ...(recovery ? [recovery] : [])];
}

/** The keys a report for this region and category must be encrypted to, with their signatures. */
export function recipientsFor(deps: IntakeDeps, input: { region: string; category: string }) {
  checkClassification(input);
  const organisation = getOrganisation(deps.db);
  if (!organisation) throw errors.noRecipients();
  const groupId = routedGroup(deps.db, input);
  return {
    organisationKey: toBase64Url(organisation.signingPublicKey),
    groupId,
    recipients: keysToWrapFor(deps.db, groupId).map((r) => ({
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

function decode(value: string, name: string, wellFormed: (bytes: Uint8Array) => boolean): Buffer {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(value);
  } catch {
    throw errors.invalidRequest(`${name} is not base64url`);
  }
  if (!wellFormed(bytes)) throw errors.invalidRequest(`${name} is not a well-formed version 1 ciphertext`);
  return Buffer.from(bytes);
}

/** Stores a report encrypted in the reporter's browser; returns the day it was received. */
export async function submitReport(deps: IntakeDeps, s: ReportSubmission): Promise<{ receivedDay: string }> {
  checkClassification(s);
  const groupId = routedGroup(deps.db, s);
  const expected = keysToWrapFor(deps.db, groupId).map((r) => r.id);
  const given = s.recipientWraps.map((w) => w.recipientId);
  // Every current recipient must get a wrap and nobody else: a stale page refetches and retries.
  if (groupId !== s.groupId || given.length !== expected.length || !expected.every((id) => given.includes(id))) {
    throw errors.recipientsChanged();
  }
  const lookupId = decode(s.lookupId, 'lookupId', (b) => b.length === 32);
  const receivedDay = deps.today();
  const due = caseDeadlines(receivedDay, s.category, loadSettings(deps.db).deadlines);
  try {
    await deps.reportWriter.write({
      report: { id: s.reportId, envelopeVersion: s.version, region: s.region, industry: s.industry, category: s.category, groupId, receivedDay, acknowledgeDue: due.acknowledge, triageDue: due.triage, answerDue: due.answer, feedbackDue: due.feedback },
      fields: [
        { field: 'content', ciphertext: decode(s.content, 'content', isFieldEnvelope) },
        ...(s.contact === null ? [] : [{ field: 'contact' as const, ciphertext: decode(s.contact, 'contact', isFieldEnvelope) }]),
      ],
      recipientWraps: s.recipientWraps.map((w) => ({ recipientId: w.recipientId, wrap: decode(w.wrap, 'recipientWraps/wrap', isKeyWrap) })),
      reporterKey: { salt: decode(s.reporterSalt, 'reporterSalt', (b) => b.length === 16), wrap: decode(s.reporterWrap, 'reporterWrap', isKeyWrap) },
      lookupHash: Buffer.from(lookupHash(deps.serverSecret, lookupId)),
    });
  } catch (error) {
    if (error instanceof DuplicateReportError) throw errors.reportConflict();
    throw error;
  }
  return { receivedDay };
}

/** Status of the case whose code gave this lookup id. Wrong and unknown codes are alike here. */
export function caseStatus(deps: IntakeDeps, lookupIdText: string) {
  const lookupId = decode(lookupIdText, 'lookupId', (b) => b.length === 32);
  const found = statusByLookupHash(deps.db, Buffer.from(lookupHash(deps.serverSecret, lookupId)));
  if (!found) throw errors.caseNotFound();
  return found;
}
