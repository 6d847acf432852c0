/**
 * Sealing and opening whole reports: the API the reporter page, the console, the admin CLI and
 * the tests use. Each report has its own X25519 key pair; its private key is wrapped for every
 * recipient and for the reporter key derived from the case code.
 */
import { decryptField, encodeMetadata, encryptField, fieldMetadata, unwrapReportKey, wrapReportKey, type ReportField, type ReportMetadata } from './envelope.ts';
import { deriveLookupId, deriveReporterKeyPair } from './derive.ts';
import { randomBytes, toBase64Url, utf8Decode, utf8Encode } from './encoding.ts';
import { CryptoError } from './errors.ts';
import { generateBoxKeyPair, type KeyPair } from './keys.ts';
import { sodium } from './sodium.ts';
import { caseCodeV1, reportIdBytes } from './versions.ts';

export type ReportContent = {
  v: 1;
  language: 'kk' | 'ru' | 'en';
  happened: string; // 'YYYY-MM', 'YYYY' (the reporter remembers only the year) or '' (month granularity at most, on purpose)
  employer: string;
  where: string;
  what: string;
  who: string;
};
export type ContactDetails = { name: string; contact: string };
export type RecipientKey = { id: string; publicKey: Uint8Array };
export type SealedReport = {
  reportId: string; // 16 random bytes, base64url, 22 characters
  lookupId: Uint8Array; // 32 bytes
  reporterSalt: Uint8Array; // 16 bytes
  content: Uint8Array; // field envelope, version 2 (metadata bound)
  contact: Uint8Array | null; // field envelope, version 2, the same metadata
  recipientWraps: { recipientId: string; wrap: Uint8Array }[]; // 81 bytes each
  reporterWrap: Uint8Array; // 81 bytes
};

const languages: readonly unknown[] = ['kk', 'ru', 'en'];
const happenedPattern = /^(?:\d{4}(?:-(?:0[1-9]|1[0-2]))?)?$/;

function isRecordWithKeys(value: unknown, keys: readonly string[]): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const actual = Object.keys(value);
  return actual.length === keys.length && keys.every((key) => actual.includes(key));
}

function areStrings(record: Record<string, unknown>, keys: readonly string[]): boolean {
  return keys.every((key) => typeof record[key] === 'string');
}

function isReportContent(value: unknown): value is ReportContent {
  const textKeys = ['employer', 'where', 'what', 'who'];
  return (
    isRecordWithKeys(value, ['v', 'language', 'happened', ...textKeys]) &&
    value.v === 1 &&
    languages.includes(value.language) &&
    typeof value.happened === 'string' &&
    happenedPattern.test(value.happened) &&
    areStrings(value, textKeys)
  );
}

function isContactDetails(value: unknown): value is ContactDetails {
  const keys = ['name', 'contact'];
  return isRecordWithKeys(value, keys) && areStrings(value, keys);
}

function assertShape<T>(value: unknown, isShape: (value: unknown) => value is T, what: string): T {
  if (!isShape(value)) throw new CryptoError('crypto.bad_content', `${what} does not have the expected shape`);
  return value;
}

function openJson<T>(context: Parameters<typeof decryptField>[0], isShape: (value: unknown) => value is T): T {
  const plaintext = decryptField(context);
  let value: unknown;
  try {
    value = JSON.parse(utf8Decode(plaintext));
  } catch {
    throw new CryptoError('crypto.bad_content', `${context.field} is not JSON`);
  }
  return assertShape(value, isShape, context.field);
}

/**
 * Encrypts a new report in the reporter's browser. `caseCode` is the normalised 28 digits.
 * Content and contact are JSON in UTF-8, each in its own version 2 field envelope carrying
 * `metadata` (region, industry, category, group: what the server routes and files by, bound so a
 * recipient sees if it was changed), under a fresh report key pair, whose private key is wrapped
 * for every recipient and for the reporter. Throws crypto.no_recipients, crypto.bad_content,
 * crypto.bad_case_code, crypto.bad_argument (metadata) or envelope.too_large.
 */
export function sealReport(input: {
  caseCode: string;
  content: ReportContent;
  contact: ContactDetails | null;
  recipients: RecipientKey[];
  metadata: ReportMetadata;
}): SealedReport {
  if (input.recipients.length === 0) throw new CryptoError('crypto.no_recipients', 'a report needs at least one recipient');
  const { metadata } = input;
  encodeMetadata(metadata); // throws crypto.bad_argument before any key is made
  const content = assertShape(input.content, isReportContent, 'content');
  const contact = input.contact === null ? null : assertShape(input.contact, isContactDetails, 'contact');
  const lookupId = deriveLookupId(input.caseCode);
  const reporterSalt = randomBytes(caseCodeV1.saltBytes);
  const reporterKeyPair = deriveReporterKeyPair(input.caseCode, reporterSalt);
  const reportId = toBase64Url(randomBytes(reportIdBytes));
  const report = generateBoxKeyPair();

  const seal = (field: ReportField, value: ReportContent | ContactDetails): Uint8Array =>
    encryptField({ reportId, field, plaintext: utf8Encode(JSON.stringify(value)), reportPublicKey: report.publicKey, metadata });
  const sealed: SealedReport = {
    reportId,
    lookupId,
    reporterSalt,
    content: seal('content', content),
    contact: contact === null ? null : seal('contact', contact),
    recipientWraps: input.recipients.map(({ id, publicKey }) => ({
      recipientId: id,
      wrap: wrapReportKey(report.privateKey, publicKey),
    })),
    reporterWrap: wrapReportKey(report.privateKey, reporterKeyPair.publicKey),
  };
  sodium().memzero(report.privateKey);
  sodium().memzero(reporterKeyPair.privateKey);
  return sealed;
}

/**
 * The metadata of a report's envelopes after they opened (so authentic): null when the content
 * is a version 1 envelope (a report from before metadata was bound). Throws crypto.bad_content
 * when contact and content disagree in version or metadata, or the metadata block is malformed.
 */
function reportMetadata(content: Uint8Array, contact: Uint8Array | null): ReportMetadata | null {
  const metadata = fieldMetadata(content);
  const sameVersion = contact === null || contact[0] === content[0];
  if (!sameVersion || (content[0] !== 1 && metadata === null)) throw new CryptoError('crypto.bad_content', 'report metadata is malformed');
  if (contact !== null && JSON.stringify(fieldMetadata(contact)) !== JSON.stringify(metadata)) {
    throw new CryptoError('crypto.bad_content', 'contact and content carry different metadata');
  }
  return metadata;
}

/**
 * Decrypts a report with a recipient's key pair, or the reporter's key pair rederived from the
 * case code and reporterSalt, plus that key pair's 81-byte wrap. `metadata` is what the version 2
 * envelopes carry (authentic once they open), null for a version 1 report. Throws the envelope
 * errors (crypto.decrypt_failed, crypto.truncated, crypto.unsupported_version) or crypto.bad_content.
 */
export function openReport(input: {
  reportId: string;
  content: Uint8Array;
  contact: Uint8Array | null;
  wrap: Uint8Array;
  keyPair: KeyPair;
}): { content: ReportContent; contact: ContactDetails | null; metadata: ReportMetadata | null } {
  const { reportId } = input;
  const reportKeyPair = unwrapReportKey(input.wrap, input.keyPair);
  try {
    const content = openJson({ reportId, field: 'content', envelope: input.content, reportKeyPair }, isReportContent);
    const contact =
      input.contact === null
        ? null
        : openJson({ reportId, field: 'contact', envelope: input.contact, reportKeyPair }, isContactDetails);
    return { content, contact, metadata: reportMetadata(input.content, input.contact) };
  } finally {
    sodium().memzero(reportKeyPair.privateKey);
  }
}
