// The case workflow (ISO 37002: receive, assess, address, conclude). Pure.
import type { CaseStatus } from './deadlines.ts';

export const outcomes = ['resolved', 'unfounded', 'referred', 'insufficient_information'] as const;
export type Outcome = (typeof outcomes)[number];

/**
 * new → acknowledged → in_review → inspection_planned | referred → closed. A case found unfounded
 * in review may be closed from there; a planned inspection may still end in a referral. Closed is final.
 */
export const transitions: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = Object.freeze({
  new: ['acknowledged'],
  acknowledged: ['in_review'],
  in_review: ['inspection_planned', 'referred', 'closed'],
  inspection_planned: ['referred', 'closed'],
  referred: ['closed'],
  closed: [],
});

export type TransitionCheck =
  | { ok: true; closes: boolean }
  | { ok: false; reason: 'bad_transition' | 'outcome_required' | 'outcome_not_allowed' };

export function checkTransition(from: CaseStatus, to: CaseStatus, outcome: Outcome | undefined): TransitionCheck {
  if (!transitions[from].includes(to)) return { ok: false, reason: 'bad_transition' };
  if (to === 'closed' && outcome === undefined) return { ok: false, reason: 'outcome_required' };
  if (to !== 'closed' && outcome !== undefined) return { ok: false, reason: 'outcome_not_allowed' };
  return { ok: true, closes: to === 'closed' };
}
