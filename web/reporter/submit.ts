// Sending a report: fetch the recipients' keys, check each against the organisation key,
// encrypt in this browser (crypto/), post the ciphertext. No DOM here.
import type { ContactDetails, ReportContent } from '../../crypto/index.ts';
import type { RecipientsAnswer, ReportBody } from '../../contract/public-api.ts';
import { ApiError, getRecipients, isApiError, postReport, postStatus } from './api.ts';
import type { Crypto } from './encryption.ts';
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
  readonly reason: 'keys' | 'org_key' | 'no_recipients';
  constructor(reason: 'keys' | 'org_key' | 'no_recipients') {
    super(reason);
    this.reason = reason;
  }
}

export type SubmitOptions = {
  crypto: Crypto;
  input: ReportInput;
  /** base64url organisation key built into the page, or '' for none. */
  pinnedOrganisationKey: string;
  onStage: (stage: 'encrypting' | 'sending') => void;
  /** Called with the organisation key once every recipient key has been verified against it. */
  onOrganisationKey: (key: Uint8Array) => void;
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

function verifiedRecipients({ crypto, pinnedOrganisationKey, onOrganisationKey }: SubmitOptions, answer: RecipientsAnswer) {
  if (pinnedOrganisationKey !== '' && answer.organisationKey !== pinnedOrganisationKey) throw new SubmitRefused('org_key');
  if (answer.recipients.length === 0) throw new SubmitRefused('no_recipients');
  const ids = new Set(answer.recipients.map((r) => r.id));
  if (ids.size !== answer.recipients.length) throw new SubmitRefused('keys');
  try {
    const organisationKey = crypto.fromBase64Url(answer.organisationKey);
    const recipients = answer.recipients.map((r) => {
      const publicKey = crypto.fromBase64Url(r.publicKey);
      const signature = crypto.fromBase64Url(r.signature);
      if (!crypto.verifyRecipientKey({ recipientId: r.id, publicKey, signature }, organisationKey)) throw new SubmitRefused('keys');
      return { id: r.id, publicKey };
    });
    onOrganisationKey(organisationKey);
    return recipients;
  } catch (error) {
    throw error instanceof SubmitRefused ? error : new SubmitRefused('keys');
  }
}

function seal(options: SubmitOptions, caseCode: string, answer: RecipientsAnswer): ReportBody {
  const { crypto, input } = options;
  const recipients = verifiedRecipients(options, answer);
  options.onStage('encrypting');
  const sealed = crypto.sealReport({ caseCode, content: input.content, contact: input.contact, recipients });
  const b64 = crypto.toBase64Url;
  return {
    version: 1,
    reportId: sealed.reportId,
    region: input.region,
    industry: input.industry,
    category: input.category,
    groupId: answer.groupId,
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

/** Encrypts and sends a report; resolves with the new case code. Throws ApiError or SubmitRefused (or a CryptoError). */
export async function submitReport(options: SubmitOptions): Promise<Receipt> {
  const inputKey = JSON.stringify(options.input);
  if (unsent !== null && unsent.input === inputKey) {
    let receipt: Receipt | null;
    try {
      receipt = await resend(options, unsent);
    } catch (error) {
      if (!(error instanceof ApiError && error.kind === 'network')) unsent = null;
      throw error;
    }
    unsent = null;
    if (receipt !== null) return receipt;
  }
  unsent = null;

  const { crypto, input } = options;
  const caseCode = crypto.generateCaseCode();
  for (let attempt = 1; ; attempt++) {
    const answer = await getRecipients(input.region, input.category);
    const body = seal(options, caseCode, answer);
    options.onStage('sending');
    try {
      const { receivedDay } = await withWork(crypto, 'submit', (pow) => postReport(body, pow));
      return receiptOf(options, caseCode, receivedDay);
    } catch (error) {
      // The recipients changed between our two requests: fetch them once more.
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
