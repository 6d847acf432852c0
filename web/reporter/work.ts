// Proof of work: the server asks every submission and status check to solve a small puzzle, so
// floods cost the sender CPU time instead of costing anyone their anonymity. The puzzle for a
// report is fetched and solved while the reporter fills in the form, in slices that keep the
// page responsive.
import type { PowPurpose } from '../../contract/domain.ts';
import type { PowSolution } from '../../contract/public-api.ts';
import { getChallenge } from './api.ts';
import type { Crypto } from './encryption.ts';

const triesPerSlice = 2048;
/** Solutions are dropped a minute before the server would call them expired. */
const expiryMarginMs = 60_000;

type Solved = { solution: PowSolution; usableUntil: number };

const nextTick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

async function solve(crypto: Crypto, purpose: PowPurpose): Promise<Solved> {
  const issued = await getChallenge(purpose);
  const usableUntil = Date.now() + issued.expiresInSeconds * 1000 - expiryMarginMs;
  const token = crypto.fromBase64Url(issued.challenge);
  for (let from = 0; ; from += triesPerSlice) {
    const nonce = crypto.searchSolution(token, from, triesPerSlice);
    if (nonce) return { solution: { challenge: issued.challenge, nonce: crypto.toBase64Url(nonce) }, usableUntil };
    await nextTick();
  }
}

const prepared = new Map<PowPurpose, Promise<Solved>>();

/** Starts solving a puzzle for `purpose` in the background, unless one is already on its way. */
export function prepareWork(crypto: Crypto, purpose: PowPurpose): void {
  if (prepared.has(purpose)) return;
  const work = solve(crypto, purpose);
  work.catch(() => prepared.delete(purpose)); // a failed fetch is retried by takeWork
  prepared.set(purpose, work);
}

/** A solved puzzle for one request: the prepared one if still fresh, otherwise a new one. */
export async function takeWork(crypto: Crypto, purpose: PowPurpose): Promise<PowSolution> {
  const ready = prepared.get(purpose);
  prepared.delete(purpose);
  if (ready) {
    try {
      const solved = await ready;
      if (solved.usableUntil > Date.now()) return solved.solution;
    } catch {
      // fall through to a fresh puzzle
    }
  }
  return (await solve(crypto, purpose)).solution;
}

/** Drops prepared puzzles (quick exit). */
export function forgetWork(): void {
  prepared.clear();
}
