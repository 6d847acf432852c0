/** The public API of crypto/. Everything else in this folder is internal. */
export { loadSodium, useSodium } from './sodium.ts';
export type { Sodium, SodiumBuild } from './sodium.ts';
export { CryptoError } from './errors.ts';
export type { CryptoErrorCode } from './errors.ts';
export { concatBytes, fromBase64Url, randomBytes, toBase64Url, toHex, utf8Decode, utf8Encode } from './encoding.ts';
export { dammCheckDigit, dammValid, formatCaseCode, generateCaseCode, normalizeCaseCode } from './case-code.ts';
export type { CaseCodeCheck } from './case-code.ts';
export { deriveLookupId, deriveReporterKeyPair, lookupHash } from './derive.ts';
export {
  boxKeyPairFromPrivateKey,
  generateBoxKeyPair,
  generateSigningKeyPair,
  keyFingerprint,
  signingKeyPairFromSeed,
} from './keys.ts';
export type { KeyPair } from './keys.ts';
export { signRecipientKey, verifyRecipientKey } from './signing.ts';
export type { RecipientKeyClaim } from './signing.ts';
export {
  decryptField,
  encryptField,
  fieldMetadata,
  isFieldEnvelope,
  isKeyWrap,
  paddedSize,
  unwrapReportKey,
  wrapReportKey,
} from './envelope.ts';
export type { ReportField, ReportMetadata } from './envelope.ts';
export { certificateDigest, certificateRoles, issueCertificate, readCertificate, recoveryAccountId } from './certificate.ts';
export type { CertificateClaim, CertificateRole, VerifiedCertificate } from './certificate.ts';
export { readDirectory, routedGroup, routeReport, signDirectory } from './directory.ts';
export type { Channel, DirectoryClaim, Route, RoutingTable } from './directory.ts';
export { openStaffKeys, rewrapStaffKeys, sealStaffKeys, staffSigningKeyPair } from './staff-keys.ts';
export type { StaffKeys } from './staff-keys.ts';
export { keyConfirmationCode } from './key-code.ts';
export { openNote, sealNote } from './note.ts';
export type { OpenedNote } from './note.ts';
export { openReport, sealReport } from './report.ts';
export type { ContactDetails, RecipientKey, ReportContent, SealedReport } from './report.ts';
export {
  deriveFromPassphrase,
  hashAuthValue,
  isKeyEnvelope,
  isWrappedSigningKey,
  passphraseEnvelopeSalt,
  unwrapWithKey,
  unwrapWithPassphrase,
  verifyAuthValue,
  wrapWithPassphrase,
} from './passphrase.ts';
export type { PassphraseKeys } from './passphrase.ts';
export { encodeRecoveryCode, readRecoveryCode } from './recovery-code.ts';
export type { RecoveryCodeReading } from './recovery-code.ts';
export { channelMaxChars, formatBytes } from './formats.ts';
export { isSolution, mintChallenge, powPurposes, readChallenge, searchSolution } from './pow.ts';
export type { PowChallenge, PowPurpose } from './pow.ts';
