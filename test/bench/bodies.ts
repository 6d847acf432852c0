// The request bodies of the load runs, each made in one function. Every body carries a proof of
// work, `pow: { challenge, nonce }` (test/bench/challenges.ts): a fresh challenge from the
// server for each request to the real server, a dummy of the same length for the echo server.
import { randomBytes } from 'node:crypto';
import type { sealedSubmission } from '../helpers/fixtures.ts';
import type { Pow } from './challenges.ts';

export type SealedBody = ReturnType<typeof sealedSubmission>['body'];

/** What must differ between two submissions. */
export type FreshFields = { reportId: string; lookupId: string };

/**
 * A report submission: a sealed report with a fresh report id and lookup id, and `pow`
 * (left out when the challenge pool ran dry: the server then answers 400, and the run says so).
 */
export function submissionBody(sealed: SealedBody, fresh: FreshFields, pow: Pow | undefined): string {
  return JSON.stringify({ ...sealed, reportId: fresh.reportId, lookupId: fresh.lookupId, pow });
}

/** A status check, with `pow` as for a submission. */
export function statusBody(lookupId: string, pow: Pow | undefined): string {
  return JSON.stringify({ lookupId, pow });
}

let randomPool = Buffer.alloc(0);
let randomOffset = 0;

/** 128-bit report id (22 base64url characters) and 256-bit lookup id (43), never repeated. */
export function freshFields(): FreshFields {
  if (randomOffset + 48 > randomPool.length) {
    randomPool = randomBytes(48 * 4096);
    randomOffset = 0;
  }
  const bytes = randomPool.subarray(randomOffset, (randomOffset += 48));
  return { reportId: bytes.toString('base64url', 0, 16), lookupId: bytes.toString('base64url', 16, 48) };
}

/**
 * Sends one request before a load run: null when the answer is one of `expected`, else why not
 * (a load run of rejected requests would measure nothing).
 */
export async function preflight(url: string, body: string, expected: number[]): Promise<string | null> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  if (expected.includes(response.status)) return null;
  const answer = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  const error = answer?.error;
  const pow = error?.code?.startsWith('pow.') || error?.message?.includes('pow') ? ' (proof of work refused; see test/bench/challenges.ts)' : '';
  return `one request first: ${response.status} ${error?.code ?? ''} ${error?.message ?? ''}${pow}`.replace(/\s+/g, ' ');
}
