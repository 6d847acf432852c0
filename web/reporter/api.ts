// The public reporter API (contract/public-api.ts): same origin, no credentials, every answer
// checked against the contract before the page believes it. The contract's schemas come in a lazy,
// SRI-checked chunk at the first call, so the first screen does not wait for them.
import type { Challenge, PowSolution, PublicApi, ReportBody, ReportReceipt, CaseStatusAnswer } from '../../contract/public-api.ts';
import type { PowPurpose } from '../../contract/domain.ts';
import type { AnswerOf } from '../../contract/types.ts';
import { callRoute, type ApiError, type ClientOptions } from '../shared/api-client.ts';
import { loadOnce, preloadChunk } from '../shared/lazy.ts';

export { ApiError, isApiError } from '../shared/api-client.ts';

/** The service refused for load, not for what was sent: the page says to try again in a minute. */
export const isBusy = (error: ApiError): boolean => error.status === 429 || error.code === 'intake.busy' || error.code === 'request.busy';

const options: ClientOptions = { credentials: 'omit', timeoutMs: 90_000 };

const routes = loadOnce(async (): Promise<PublicApi> => {
  await preloadChunk('contract');
  return (await import('../../contract/public-api.ts')).publicApi;
});

/** The organisation key the server serves and its signed directory: believed only once checked (trust.ts). */
export type DirectoryAnswer = AnswerOf<PublicApi['directory']>;
/** Certificates for one group: each believed only once it verifies with the anchored key (submit.ts). */
export type CertificatesAnswer = AnswerOf<PublicApi['certificates']>;

export const getDirectory = async (): Promise<DirectoryAnswer> => callRoute<DirectoryAnswer>((await routes()).directory, {}, options);

export const getCertificates = async (group: string): Promise<CertificatesAnswer> =>
  callRoute<CertificatesAnswer>((await routes()).certificates, { body: { group } }, options);

export const getChallenge = async (purpose: PowPurpose): Promise<Challenge> => callRoute<Challenge>((await routes()).challenge, { query: { purpose } }, options);

export const postReport = async (body: ReportBody, pow: PowSolution): Promise<ReportReceipt> =>
  callRoute<ReportReceipt>((await routes()).submitReport, { body: { ...body, pow } }, options);

export const postStatus = async (lookupId: string, pow: PowSolution): Promise<CaseStatusAnswer> =>
  callRoute<CaseStatusAnswer>((await routes()).caseStatus, { body: { lookupId, pow } }, options);
