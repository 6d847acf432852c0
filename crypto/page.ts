/**
 * The part of crypto/'s public API that the reporter page loads: what a worker's browser needs to
 * check the organisation's directory and certificates, route, seal and send a report, and look up
 * its status. A subset of index.ts, so the page's lazy crypto chunk leaves out what only staff use
 * (key envelopes, passphrases, notes, certificates and directories to sign, the recovery code).
 */
export { loadSodium } from './sodium.ts';
export type { SodiumBuild } from './sodium.ts';
export { fromBase64Url, toBase64Url } from './encoding.ts';
export { formatCaseCode, generateCaseCode, normalizeCaseCode } from './case-code.ts';
export { deriveLookupId } from './derive.ts';
export { keyFingerprint } from './keys.ts';
export { readCertificate } from './certificate.ts';
export type { VerifiedCertificate } from './certificate.ts';
export { readDirectory, routedGroup, routeReport } from './directory.ts';
export type { Channel, DirectoryClaim, Route } from './directory.ts';
export { sealReport } from './report.ts';
export type { ContactDetails, ReportContent } from './report.ts';
export { searchSolution } from './pow.ts';
