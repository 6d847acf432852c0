// Every passphrase staff choose (sign-in, invitation, organisation) is checked here before any key is
// made: zxcvbn-ts's estimate, loaded lazily (strength-check.ts), with the reason in the user's language.
import { loadOnce, preloadChunk } from '../shared/lazy.ts';
import type { Messages } from './i18n/index.ts';
import { minPassphraseLength } from './keys.ts';

/** The lowest zxcvbn score accepted: 3 for a person's passphrase, 4 for the organisation's (it opens every certificate). */
export const minimumScore = { staff: 3, organisation: 4 } as const;

const loadEstimator = loadOnce(async () => {
  await preloadChunk('strength');
  return import('./strength-check.ts');
});

/** Starts loading the estimator early (a screen with a passphrase to choose calls it when drawn). */
export function prepareStrengthCheck(): void {
  void loadEstimator().catch(() => undefined); // a failure is reported when the check runs
}

/** Why a passphrase is refused, in the user's language, or null when it is strong enough. */
export async function passphraseProblem(t: Messages, passphrase: string, kind: keyof typeof minimumScore, userInputs: readonly string[] = []): Promise<string | null> {
  if (passphrase.length < minPassphraseLength) return t.errorPassphraseShort;
  const { estimate } = await loadEstimator();
  const result = estimate(passphrase, userInputs);
  if (result.score >= minimumScore[kind]) return null;
  const words = t.strength;
  const reason = (result.warning !== null ? words.warnings[result.warning] : undefined) ?? words.tooGuessable;
  const advice = result.suggestions.map((key) => words.suggestions[key]).find((text) => text !== undefined) ?? words.addWords;
  return `${kind === 'organisation' ? words.organisationWeak : words.weak} ${reason} ${advice}`;
}
