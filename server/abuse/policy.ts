// How much proof of work a request costs. Pure: the caller passes the counts. Load and a busy
// address (an office behind one NAT, or a spammer) cost more work, never a refusal.
import type { PowPurpose } from '../../crypto/index.ts';

export type AbuseSettings = {
  /** Leading zero bits asked when all is quiet, and the most ever asked, per purpose. */
  bits: Record<PowPurpose, { quiet: number; max: number }>;
  /** Submissions per minute across the service below which no extra work is asked. */
  quietSubmissionsPerMinute: number;
  /** Challenges one address may take in ten minutes before its own work grows. */
  freeChallengesPerAddress: number;
  /** Hard cap of accepted submissions per minute, to protect the disk; past it, 503 and retry. */
  submissionBudgetPerMinute: number;
  /** Seconds a challenge stays valid: long enough to fill in the form while it is solved. */
  challengeTtlSeconds: number;
  /** Requests to unknown paths per address and minute before 429. */
  notFoundPerMinute: number;
  /** Spent challenges remembered at most (until they expire); as they fill, new ones cost more. */
  spentChallengesMax: number;
  /** Bits a solution may fall short of what the server would ask now, at redemption. */
  redemptionToleranceBits: number;
};

export const defaultAbuseSettings: AbuseSettings = {
  bits: { submit: { quiet: 14, max: 24 }, status: { quiet: 10, max: 22 } },
  quietSubmissionsPerMinute: 60,
  freeChallengesPerAddress: 10,
  submissionBudgetPerMinute: 3000,
  challengeTtlSeconds: 1800,
  notFoundPerMinute: 120,
  spentChallengesMax: 500_000,
  redemptionToleranceBits: 2,
};

/** One extra bit per doubling of `count` over `free`: the work grows with the excess. */
function extraBits(count: number, free: number): number {
  return count <= free ? 0 : Math.ceil(Math.log2(count / Math.max(free, 1)));
}

/** One extra bit per halving of the room left for spent challenges, from half full on. */
function fillBits(fill: number): number {
  return fill < 0.5 ? 0 : fill >= 1 ? 32 : Math.floor(-Math.log2(1 - fill));
}

export function powDifficulty(
  settings: AbuseSettings,
  purpose: PowPurpose,
  load: { submissionsLastMinute: number; challengesFromAddress: number; spentFill?: number },
): number {
  const { quiet, max } = settings.bits[purpose];
  const bits =
    quiet +
    extraBits(load.submissionsLastMinute, settings.quietSubmissionsPerMinute) +
    extraBits(load.challengesFromAddress, settings.freeChallengesPerAddress) +
    fillBits(load.spentFill ?? 0);
  return Math.min(bits, max);
}
