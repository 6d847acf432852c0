// Sending a report: the routed group's certificates, each verified with the anchored organisation
// key, the signed directory's route (crypto's routeReport), encryption in this browser to exactly
// the keys that route names, the POST. The server's answers add no reader: only certificates the
// organisation signed and its signed directory lists for the group do. No DOM here.
import type { ContactDetails, ReportContent, VerifiedCertificate } from '../../crypto/index.ts';
import type { ReportBody } from '../../contract/public-api.ts';
import { ApiError, getCertificates, isApiError, postReport, postStatus } from './api.ts';
import type { Crypto } from './encryption.ts';
import type { TrustKeeper, Trusted } from './trust.ts';
import { takeWork } from './work.ts';

export type ReportInput = {
  /** KATO prefix (2 digits). */
  region: string;
  /** OKED section letter. */
  industry: string;
  category: string;
  content: ReportContent;
  contact: ContactDetails | null;
};

/** caseCode: the 28 digits; shown: the same grouped for reading (formatCaseCode). */
export type Receipt = { caseCode: string; shown: string; receivedDay: string };

/** Refusals of the page itself, before anything is sent. */
export class SubmitRefused extends Error {
  override readonly name = 'SubmitRefused';
  /** route_changed: the refreshed directory sends the report to another group than the page showed. */
  readonly reason: 'keys' | 'no_recipients' | 'route_changed';
  constructor(reason: 'keys' | 'no_recipients' | 'route_changed') {
    super(reason);
    this.reason = reason;
  }
}

export type SubmitOptions = {
  crypto: Crypto;
  input: ReportInput;
  /** The anchored organisation key and its checked directory (trust.ts); throws Untrusted. */
  trust: TrustKeeper;
  onStage: (stage: 'encrypting' | 'sending') => void;
};

const isPowError = (error: unknown): boolean => error instanceof ApiError && error.status === 400 && error.code.startsWith('pow.');

/** Sends with a solved puzzle; a puzzle the server no longer accepts (restart, expiry) is solved once more. */
async function withWork<T>(crypto: Crypto, purpose: 'submit' | 'status', send: (pow: Awaited<ReturnType<typeof takeWork>>) => Promise<T>): Promise<T> {
  try {
    return await send(await takeWork(crypto, purpose));
  } catch (error) {
    if (!isPowError(error)) throw error;
    return send(await takeWork(crypto, purpose));
  }
}

/** The status of a case by its lookup id (base64url). */
export function checkStatus(crypto: Crypto, lookupId: string) {
  return withWork(crypto, 'status', (pow) => postStatus(lookupId, pow));
}

/** The certificates the server sent for a group, each verified with the anchored key; one that does not verify stops the report. */
function verifiedCertificates(crypto: Crypto, trusted: Trusted, certificates: readonly string[]): VerifiedCertificate[] {
  return certificates.map((text) => {
    let verified: VerifiedCertificate | null;
    try {
      verified = crypto.readCertificate(crypto.fromBase64Url(text), trusted.organisationKey);
    } catch {
      verified = null;
    }
    if (verified === null) throw new SubmitRefused('keys');
    return verified;
  });
}

/** Who may read this report: the signed directory's group for it, and exactly the certified keys it lists there. */
async function route({ crypto, input }: SubmitOptions, trusted: Trusted) {
  const directory = trusted.directory;
  const report = { region: input.region, category: input.category };
  const group = directory === null ? null : crypto.routedGroup(directory, report);
  if (directory === null || group === null) throw new SubmitRefused('no_recipients');
  const { certificates } = await getCertificates(group);
  const routed = crypto.routeReport(directory, verifiedCertificates(crypto, trusted, certificates), report);
  if (!routed.ok) throw new SubmitRefused('no_recipients');
  return routed;
}

async function seal(options: SubmitOptions, caseCode: string, trusted: Trusted): Promise<ReportBody> {
  const { crypto, input } = options;
  const { groupId, recipients } = await route(options, trusted);
  options.onStage('encrypting');
  const sealed = crypto.sealReport({
    caseCode,
    content: input.content,
    contact: input.contact,
    recipients: recipients.map((certificate) => ({ id: certificate.accountId, publicKey: certificate.boxKey })),
    // Bound into the envelopes: the console warns when the stored region, category or group differ.
    metadata: { region: input.region, industry: input.industry, category: input.category, groupId },
  });
  const b64 = crypto.toBase64Url;
  return {
    version: 2,
    reportId: sealed.reportId,
    region: input.region,
    industry: input.industry,
    category: input.category,
    groupId,
    lookupId: b64(sealed.lookupId),
    reporterSalt: b64(sealed.reporterSalt),
    reporterWrap: b64(sealed.reporterWrap),
    recipientWraps: sealed.recipientWraps.map((w) => ({ recipientId: w.recipientId, wrap: b64(w.wrap) })),
    content: b64(sealed.content),
    contact: sealed.contact === null ? null : b64(sealed.contact),
  };
}

// A sealed report whose sending failed on the network. Sending the same input again resends the
// same body, so a report that did arrive (only the answer was lost) is not stored twice: the
// server then answers report.conflict and the status request confirms it.
let unsent: { input: string; caseCode: string; body: ReportBody } | null = null;

/** Drops the remembered unsent report (quick exit, Done). */
export function forgetUnsent(): void {
  unsent = null;
}

const receiptOf = ({ crypto }: SubmitOptions, caseCode: string, receivedDay: string): Receipt => ({
  caseCode,
  shown: crypto.formatCaseCode(caseCode),
  receivedDay,
});

async function resend(options: SubmitOptions, pending: NonNullable<typeof unsent>): Promise<Receipt | null> {
  options.onStage('sending');
  try {
    const { receivedDay } = await withWork(options.crypto, 'submit', (pow) => postReport(pending.body, pow));
    return receiptOf(options, pending.caseCode, receivedDay);
  } catch (error) {
    if (isApiError(error, 409, 'report.conflict')) {
      const { receivedDay } = await checkStatus(options.crypto, pending.body.lookupId);
      return receiptOf(options, pending.caseCode, receivedDay);
    }
    if (isApiError(error, 422, 'report.recipients_changed')) return null; // seal afresh
    throw error;
  }
}

/** Encrypts and sends a report; resolves with the new case code. Throws ApiError, SubmitRefused or Untrusted (or a CryptoError). */
export async function submitReport(options: SubmitOptions): Promise<Receipt> {
  const inputKey = JSON.stringify(options.input);
  let recipientsChanged = false;
  // The group the page showed as reading the report: a refreshed directory may change who is in it,
  // not which group it is, without the worker seeing so first.
  let shownGroup: string | null = null;
  if (unsent !== null && unsent.input === inputKey) {
    shownGroup = unsent.body.groupId;
    let receipt: Receipt | null;
    try {
      receipt = await resend(options, unsent);
    } catch (error) {
      if (!(error instanceof ApiError && error.kind === 'network')) unsent = null;
      throw error;
    }
    unsent = null;
    if (receipt !== null) return receipt;
    recipientsChanged = true;
  }
  unsent = null;

  const { crypto } = options;
  const caseCode = crypto.generateCaseCode();
  for (let attempt = 1; ; attempt++) {
    // A second attempt follows the server's word that the recipients changed: the directory is
    // fetched and checked afresh (never older than the one already believed).
    const trusted = await (attempt === 1 && !recipientsChanged ? options.trust.trusted() : options.trust.refresh());
    const body = await seal(options, caseCode, trusted);
    if (shownGroup !== null && body.groupId !== shownGroup) throw new SubmitRefused('route_changed');
    shownGroup = body.groupId;
    options.onStage('sending');
    try {
      const { receivedDay } = await withWork(crypto, 'submit', (pow) => postReport(body, pow));
      return receiptOf(options, caseCode, receivedDay);
    } catch (error) {
      // The directory changed between our requests (a key added or removed): route once more.
      if (attempt === 1 && isApiError(error, 422, 'report.recipients_changed')) continue;
      // Ids are random, so a conflict means this very body arrived before: the browser retried
      // the request after a dropped connection. The status request confirms it.
      if (isApiError(error, 409, 'report.conflict')) {
        const { receivedDay } = await checkStatus(crypto, body.lookupId);
        return receiptOf(options, caseCode, receivedDay);
      }
      if (error instanceof ApiError && error.kind === 'network') unsent = { input: inputKey, caseCode, body };
      throw error;
    }
  }
}
