// The passphrase strength estimator (zxcvbn-ts with its common and English dictionaries), in its
// own lazy chunk 'strength' (~400 KB of word lists): loaded only on screens where a passphrase is
// chosen, from this origin, checked like every lazy chunk (shared/lazy.ts). Only strength.ts imports it.
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonWords } from '@zxcvbn-ts/language-common';
import { dictionary as englishWords } from '@zxcvbn-ts/language-en';

export type Estimate = { score: 0 | 1 | 2 | 3 | 4; warning: string | null; suggestions: string[] };

// No translations option: zxcvbn then answers with its keys ('commonNames', 'useWords'…), which the
// console words itself in kk, ru and en.
const estimator = new ZxcvbnFactory({ dictionary: { ...commonWords, ...englishWords }, graphs: adjacencyGraphs, useLevenshteinDistance: true });

/** zxcvbn's score (0–4) and its feedback keys; userInputs (a username, the organisation's name) count as guessable. */
export function estimate(passphrase: string, userInputs: readonly string[]): Estimate {
  const result = estimator.check(passphrase, [...userInputs]);
  return { score: result.score, warning: result.feedback.warning, suggestions: result.feedback.suggestions };
}
