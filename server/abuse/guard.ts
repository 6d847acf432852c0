// Spam and guessing resistance without identifying anyone: proof-of-work challenges whose cost
// rises with load and with how busy an address is, a global submission budget, and a limit on
// requests to unknown paths. Addresses are only ever held as an HMAC under a key that lives in
// this process's memory, in counters that are never written anywhere.
import { createHmac, randomBytes } from 'node:crypto';
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
  settings: AbuseSettings;
};

const minute = 60_000;

export function createAbuseGuard(settings: AbuseSettings, now: () => number = Date.now): AbuseGuard {
  const addressKey = randomBytes(32);
  const challengeKey = new Uint8Array(randomBytes(32));
  const challengesByAddress = createWindowCounter({ windowMs: 10 * minute, maxKeys: 100_000, now });
  const submissions = createWindowCounter({ windowMs: minute, maxKeys: 1, now });
  const notFound = createWindowCounter({ windowMs: minute, maxKeys: 100_000, now });
  const used = new Map<string, number>();
  let lastSweep = now();

  const anonymous = (address: string) => createHmac('sha256', addressKey).update(address).digest('base64url');
  const seconds = () => Math.floor(now() / 1000);

  function forgetExpired(): void {
    if (now() - lastSweep < minute) return;
    lastSweep = now();
    for (const [token, expiresAt] of used) if (expiresAt < seconds()) used.delete(token);
  }

  return {
    settings,
    issueChallenge: (purpose, address) => {
      const difficulty = powDifficulty(settings, purpose, {
        submissionsLastMinute: submissions.peek('all'),
        challengesFromAddress: challengesByAddress.hit(anonymous(address)),
      });
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
      if (used.has(solution.challenge) || !isSolution(token, nonce)) throw errors.powInvalid();
      forgetExpired();
      used.set(solution.challenge, challenge.expiresAt);
    },
    admitSubmission: () => {
      if (submissions.peek('all') >= settings.submissionBudgetPerMinute) throw errors.intakeBusy();
      submissions.hit('all');
    },
    notFoundLimited: (address) => notFound.hit(anonymous(address)) > settings.notFoundPerMinute,
  };
}
