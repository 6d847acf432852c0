// The unsent form, kept for the life of this tab only, so a reload (pull-to-refresh) or Back and
// Forward does not lose what the worker wrote: sessionStorage belongs to one tab and dies with it.
// Never localStorage, cookies, IndexedDB, the URL or history state, which outlive the tab or leave the
// phone. Forgotten on quick exit, on a successful send and on Done. No DOM here but the storage.
// The name and the way to reach the worker are never kept: a browser's "reopen closed tab" and crash
// recovery bring sessionStorage back, and who reported must not come back with it.
import { categories, industries, regions } from 'virtual:catalog';
import { emptyForm, type ReportForm } from './state.ts';

const draftKey = 'qauipsiz.unsent-report';
const textFields = ['employer', 'where', 'what', 'who', 'name', 'contact'] as const;

/** Whether the form holds words the worker typed (the unload warning is for these). */
export function hasUnsentText(form: ReportForm): boolean {
  return textFields.some((field) => form[field].trim() !== '');
}

const isEmpty = (form: ReportForm): boolean => JSON.stringify(form) === JSON.stringify(emptyForm());

// Storage may be off (a blocked site, a full quota): the form then lives in memory alone, as before.
function tabStorage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** What is kept of the form: everything but who the worker is (name, contact) and whether they want contact. */
function keptPart(form: ReportForm): ReportForm {
  return { ...form, wantsContact: false, name: '', contact: '' };
}

/** Keeps the form, or forgets it once what would be kept is empty. */
export function keepDraft(form: ReportForm): void {
  const kept = keptPart(form);
  try {
    if (isEmpty(kept)) tabStorage()?.removeItem(draftKey);
    else tabStorage()?.setItem(draftKey, JSON.stringify(kept));
  } catch {
    // Quota exceeded: keeping the previous draft is the best left.
  }
}

export function forgetDraft(): void {
  try {
    tabStorage()?.removeItem(draftKey);
  } catch {
    // Nothing was kept.
  }
}

/** Choices the catalogue still offers: a kept id it no longer has would be routed and sent while the list shows "Choose". */
const known: Partial<Record<keyof ReportForm, ReadonlySet<string>>> = {
  region: new Set(regions.map((entry) => entry.id)),
  industry: new Set(industries.map((entry) => entry.id)),
  category: new Set(categories.map((entry) => entry.id)),
};

/** The kept form, field by field as an empty form has them; anything else in the stored text is ignored. */
export function readDraft(): ReportForm | null {
  let stored: unknown;
  try {
    stored = JSON.parse(tabStorage()?.getItem(draftKey) ?? 'null');
  } catch {
    return null;
  }
  if (typeof stored !== 'object' || stored === null) return null;
  const form = emptyForm();
  const values = stored as Record<string, unknown>;
  for (const field of Object.keys(form) as (keyof ReportForm)[]) {
    const value = values[field];
    const choices = known[field];
    if (typeof value === typeof form[field] && (choices === undefined || value === '' || choices.has(value as string))) Object.assign(form, { [field]: value });
  }
  const kept = keptPart(form);
  return isEmpty(kept) ? null : kept;
}
