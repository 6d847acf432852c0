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

/** The organisation key (base64url) and the newest directory version the page believed (trust.ts). */
export type SeenDirectory = { key: string; version: number };

// Kept with the draft, so that a reload in the middle of a report cannot be served another
// organisation key or an older signed directory than the worker was shown before it.
let seen: SeenDirectory | null = null;

/** What the page now believes; written with the next kept draft. */
export function noteSeenDirectory(next: SeenDirectory): void {
  seen = next;
}

/** Keeps the form, or forgets it once what would be kept is empty. */
export function keepDraft(form: ReportForm): void {
  const kept = keptPart(form);
  try {
    if (isEmpty(kept)) tabStorage()?.removeItem(draftKey);
    else tabStorage()?.setItem(draftKey, JSON.stringify(seen === null ? kept : { ...kept, seen }));
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

/** The kept draft's entry as stored, or null. */
function storedDraft(): Record<string, unknown> | null {
  let stored: unknown;
  try {
    stored = JSON.parse(tabStorage()?.getItem(draftKey) ?? 'null');
  } catch {
    return null;
  }
  return typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : null;
}

/** The key and directory version believed when the kept draft was written, or null (no draft, or none recorded). */
export function readSeenDirectory(): SeenDirectory | null {
  const value = storedDraft()?.seen as Partial<SeenDirectory> | undefined;
  if (typeof value !== 'object' || value === null) return null;
  const { key, version } = value;
  if (typeof key !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(key) || typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0) return null;
  return { key, version };
}

/** Choices the catalogue still offers: a kept id it no longer has would be routed and sent while the list shows "Choose". */
const known: Partial<Record<keyof ReportForm, ReadonlySet<string>>> = {
  region: new Set(regions.map((entry) => entry.id)),
  industry: new Set(industries.map((entry) => entry.id)),
  category: new Set(categories.map((entry) => entry.id)),
};

/** The kept form, field by field as an empty form has them; anything else in the stored text is ignored. */
export function readDraft(): ReportForm | null {
  const values = storedDraft();
  if (values === null) return null;
  const form = emptyForm();
  for (const field of Object.keys(form) as (keyof ReportForm)[]) {
    const value = values[field];
    const choices = known[field];
    if (typeof value === typeof form[field] && (choices === undefined || value === '' || choices.has(value as string))) Object.assign(form, { [field]: value });
  }
  const kept = keptPart(form);
  return isEmpty(kept) ? null : kept;
}
