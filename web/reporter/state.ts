// Everything the page holds, in memory: no cookies, nothing in the URL or history. The one exception,
// the unsent form, is kept in this tab's sessionStorage so a reload does not lose it (draft.ts).
import type { CaseStatus } from '../../contract/domain.ts';
import type { Language, Messages, PluralForms } from './i18n/index.ts';
import type { Receipt } from './submit.ts';
import type { AnchorSource } from './trust.ts';

export type View = 'home' | 'report' | 'code' | 'check';

/** A message to show, kept as a key so that it follows a language switch. */
export type Problem = { key: { [K in keyof Messages]: Messages[K] extends string | PluralForms ? K : never }[keyof Messages]; values?: Record<string, string | number> };

export type ReportForm = {
  region: string;
  industry: string;
  category: string;
  year: string;
  month: string;
  employer: string;
  where: string;
  what: string;
  who: string;
  wantsContact: boolean;
  name: string;
  contact: string;
};
/**
 * Whether the page may believe the server's organisation key (trust.ts). 'checking' until the
 * directory and the encryption code have arrived; 'refused' for good: nothing is offered then;
 * 'unavailable': the directory did not load (tried again on Send or Try again).
 */
export type TrustState =
  | { status: 'checking'; source: AnchorSource }
  | { status: 'checked'; source: AnchorSource; fingerprint: string }
  | { status: 'refused'; source: AnchorSource; reason: 'other_organisation' | 'stale_directory' }
  | { status: 'unavailable'; source: AnchorSource };

export type FormField = Exclude<keyof ReportForm, 'wantsContact'>;

export type State = {
  language: Language;
  view: View;
  form: ReportForm;
  formErrors: Partial<Record<FormField, Problem>>;
  /** While a report is on its way. */
  stage: 'preparing' | 'encrypting' | 'sending' | null;
  submitError: Problem | null;
  receipt: Receipt | null;
  codeConfirmed: boolean;
  codeConfirmMissing: boolean;
  check: { input: string; busy: boolean; error: Problem | null; result: { status: CaseStatus; receivedDay: string } | null };
  trust: TrustState;
  /** Set when this browser cannot run the page's encryption at all. */
  encryptionBroken: Problem | null;
};

export function emptyForm(): ReportForm {
  return { region: '', industry: '', category: '', year: '', month: '', employer: '', where: '', what: '', who: '', wantsContact: false, name: '', contact: '' };
}

export function initialState(language: Language, trust: TrustState): State {
  return {
    language,
    view: 'home',
    form: emptyForm(),
    formErrors: {},
    stage: null,
    submitError: null,
    receipt: null,
    codeConfirmed: false,
    codeConfirmMissing: false,
    check: { input: '', busy: false, error: null, result: null },
    trust,
    encryptionBroken: null,
  };
}
