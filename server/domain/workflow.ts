// The case workflow (ISO 37002: receive, assess, address, conclude). Pure; the statuses, the
// transitions between them and the outcomes are contract/domain.ts's.
import { transitions, type CaseStatus, type Outcome } from '../../contract/domain.ts';

// Until server/routes/console.ts imports it from contract/domain.ts.

export type TransitionCheck =
  | { ok: true; closes: boolean }
  | { ok: false; reason: 'bad_transition' | 'outcome_required' | 'outcome_not_allowed' };

export function checkTransition(from: CaseStatus, to: CaseStatus, outcome: Outcome | undefined): TransitionCheck {
  if (!transitions[from].includes(to)) return { ok: false, reason: 'bad_transition' };
  if (to === 'closed' && outcome === undefined) return { ok: false, reason: 'outcome_required' };
  if (to !== 'closed' && outcome !== undefined) return { ok: false, reason: 'outcome_not_allowed' };
  return { ok: true, closes: to === 'closed' };
}
