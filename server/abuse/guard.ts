// Spam and guessing resistance without identifying anyone: proof-of-work challenges whose cost
// rises with load, with how busy an address is and with how full the memory of spent ones is, a
// global submission budget charged only by reports about to be stored, and a limit on requests
// to unknown paths. Addresses are only ever held as an HMAC under a key that lives in
// this process's memory, in counters that are never written anywhere.
import { randomBytes } from 'node:crypto';
import { addressHasher } from '../shared/anonymous-address.ts';
import { fromBase64Url, isSolution, mintChallenge, readChallenge, toBase64Url, type PowPurpose } from '../../crypto/index.ts';
import { errors } from '../http/errors.ts';
import { powDifficulty, type AbuseSettings } from './policy.ts';
import { createWindowCounter } from './window-counter.ts';

export type PowSolution = { challenge: string; nonce: string };
export type IssuedChallenge = { challenge: string; difficulty: number; expiresInSeconds: number };

export type AbuseGuard = {
  issueChallenge: (purpose: PowPurpose, address: string) => IssuedChallenge;
  /** Throws pow.invalid / pow.expired unless `solution` is a fresh, unused, solved challenge for `purpose`. */
  checkSolution: (purpose: PowPurpose, solution: PowSolution) => void;
  /** Throws intake.busy when the service has taken its budget of submissions this minute. */
  admitSubmission: () => void;
  /** True when the address has asked for too many unknown paths this minute. */
  notFoundLimited: (address: string) => boolean;
  /** Spent challenges remembered now (never more than settings.spentChallengesMax). */
  spentCount: () => number;
  settings: AbuseSettings;
};

const minute = 60_000;

export function createAbuseGuard(settings: AbuseSettings, now: () => number = Date.now): AbuseGuard {
  const challengeKey = new Uint8Array(randomBytes(32));
  const challengesByAddress = createWindowCounter({ windowMs: 10 * minute, maxKeys: 100_000, now });
  const submissions = createWindowCounter({ windowMs: minute, maxKeys: 1, now });
  // Paid submission attempts, stored or not: the load that sets the price of the next puzzle.
  const redemptions = createWindowCounter({ windowMs: minute, maxKeys: 1, now });
  const notFound = createWindowCounter({ windowMs: minute, maxKeys: 100_000, now });
  const spent = createSpentChallenges(settings.spentChallengesMax);

  const anonymous = addressHasher();
  const seconds = () => Math.floor(now() / 1000);
  const loadNow = () => ({ submissionsLastMinute: redemptions.peek('submit'), spentFill: spent.fill(seconds()) });

  return {
    settings,
    issueChallenge: (purpose, address) => {
      const difficulty = powDifficulty(settings, purpose, { ...loadNow(), challengesFromAddress: challengesByAddress.hit(anonymous(address)) });
      const token = mintChallenge(challengeKey, { purpose, difficulty, expiresAt: seconds() + settings.challengeTtlSeconds });
      return { challenge: toBase64Url(token), difficulty, expiresInSeconds: settings.challengeTtlSeconds };
    },
    checkSolution: (purpose, solution) => {
      let token: Uint8Array;
      let nonce: Uint8Array;
      try {
        token = fromBase64Url(solution.challenge);
        nonce = fromBase64Url(solution.nonce);
      } catch {
        throw errors.powInvalid();
      }
      const challenge = readChallenge(challengeKey, token);
      if (!challenge || challenge.purpose !== purpose) throw errors.powInvalid();
      if (challenge.expiresAt < seconds()) throw errors.powExpired();
      // A puzzle taken cheap while quiet is not worth a redemption during a flood: the page refetches.
      const asked = powDifficulty(settings, purpose, { ...loadNow(), challengesFromAddress: 0 });
      if (challenge.difficulty + settings.redemptionToleranceBits < asked) throw errors.powTooEasy();
      const id = spentId(token);
      if (spent.has(id, challenge.expiresAt) || !isSolution(token, nonce)) throw errors.powInvalid();
      // Full (puzzles at the maximum work by then): refuse rather than forget one that is still valid.
      if (!spent.add(id, challenge.expiresAt, seconds())) throw purpose === 'submit' ? errors.intakeBusy() : errors.rateLimited();
      if (purpose === 'submit') redemptions.hit('submit');
    },
    admitSubmission: () => {
      if (submissions.peek('all') >= settings.submissionBudgetPerMinute) throw errors.intakeBusy();
      submissions.hit('all');
    },
    notFoundLimited: (address) => notFound.hit(anonymous(address)) > settings.notFoundPerMinute,
    spentCount: () => spent.size(),
  };
}

/** 96 bits of the challenge's MAC: unforgeable, and a fresh short string (no slice of the request). */
const spentId = (token: Uint8Array) => Buffer.from(token.subarray(token.length - 12)).toString('base64url');

/**
 * Spent challenges in buckets by the minute they expire: a whole bucket is dropped once all its
 * challenges have expired, and the total is capped. Exact (no filter), so a fresh challenge is
 * never refused by mistake and a spent one never passes twice while it is valid.
 */
function createSpentChallenges(max: number) {
  const buckets = new Map<number, Set<string>>();
  let count = 0;
  const bucketOf = (expiresAt: number) => Math.floor(expiresAt / 60);
  function dropExpired(nowSeconds: number): void {
    // Every challenge of bucket m expires before (m + 1) * 60.
    for (const [m, ids] of buckets) {
      if ((m + 1) * 60 > nowSeconds) continue;
      count -= ids.size;
      buckets.delete(m);
    }
  }
  return {
    has: (id: string, expiresAt: number) => buckets.get(bucketOf(expiresAt))?.has(id) ?? false,
    /** Remembers `id` until it expires; false when full of challenges that are still valid. */
    add(id: string, expiresAt: number, nowSeconds: number): boolean {
      if (count >= max) dropExpired(nowSeconds);
      if (count >= max) return false;
      const m = bucketOf(expiresAt);
      let ids = buckets.get(m);
      if (!ids) buckets.set(m, (ids = new Set()));
      ids.add(id);
      count++;
      return true;
    },
    /** How full, 0..1, counting only challenges still valid. */
    fill(nowSeconds: number): number {
      dropExpired(nowSeconds);
      return count / max;
    },
    size: () => count,
  };
}
