// What every part of the case screen works from: the case as the server sent it, opened here with
// the inspector's private key (the server only ever sends ciphertext), and what the report's own
// envelope says about the clear metadata the server stores beside it.
import type { CaseDetail } from '../../../../contract/console-api.ts';
import { api } from '../../api.ts';
import type { App } from '../../app.ts';
import { h, type Child } from '../../../shared/dom.ts';
import { heldKeys, type Crypto, type HeldKeys, type KeyPair } from '../../keys.ts';

export type ReportMetadata = NonNullable<ReturnType<Crypto['fieldMetadata']>>;

/** A note as opened here: its text and the author its signature names, checked later against certificates. */
export type OpenedNote = {
  id: string;
  /** The author the server names. */
  authorId: string;
  authorName: string | null;
  createdAt: string;
  /** null: the note could not be decrypted. */
  text: string | null;
  /** The author inside the signed plaintext; null for an unsigned note from before signing (or an unreadable one). */
  signedBy: string | null;
  /** Checks the note's signature against a signing public key. */
  verify: (signKey: Uint8Array) => boolean;
};

/**
 * Who wrote a note, as shown: for a note whose signature checked out (`checked`), the name of the
 * account the signature names, from the account list (one name per id); otherwise the server's word;
 * `fallback` when neither names anyone (an account no longer listed: "former colleague").
 */
export function noteAuthorLabel(note: OpenedNote, checked: boolean, accountNames: ReadonlyMap<string, string>, fallback: string): string {
  if (checked && note.signedBy !== null) return accountNames.get(note.signedBy) ?? fallback;
  return note.authorName ?? fallback;
}

/**
 * Account names by id, one per account: the account list for administrators, else the colleagues,
 * and this person's own. Without them (a failed request) names fall back as nameOf says.
 */
export async function accountNames(app: App): Promise<Map<string, string>> {
  const me = app.session?.me;
  let listed: { id: string; displayName: string }[] = [];
  try {
    listed = me?.role === 'admin' ? await api.accounts() : await api.colleagues();
  } catch {
    // names fall back to the server's word in this case, or "former colleague"
  }
  const names = new Map(listed.map((a) => [a.id, a.displayName]));
  if (me !== undefined) names.set(me.id, me.displayName);
  return names;
}

/**
 * The name to show for an account id in this case: the listed name, else the one the server gave
 * with this case's events or notes (a colleague since disabled), else "former colleague"; never the id.
 */
export function namer(detail: Pick<CaseDetail, 'events' | 'notes'>, listed: ReadonlyMap<string, string>, formerColleague: string): (id: string) => string {
  const given = new Map<string, string>();
  for (const event of detail.events) if (event.actorName !== null) given.set(event.actorId, event.actorName);
  for (const note of detail.notes) if (note.authorName !== null) given.set(note.authorId, note.authorName);
  return (id) => listed.get(id) ?? given.get(id) ?? formerColleague;
}

export type Opened = {
  content: { language: 'kk' | 'ru' | 'en'; happened: string; employer: string; where: string; what: string; who: string };
  notes: OpenedNote[];
  reportPublicKey: Uint8Array;
  /** The ciphertexts it was opened from. */
  sealed: { content: Uint8Array; wrap: Uint8Array };
};

export type MetadataField = 'region' | 'industry' | 'category' | 'groupId';

/**
 * What the content envelope says about the case's clear metadata: 'bound' (version 2, and the report
 * opened here: the reporter's region, industry, category and group are the envelope's authenticated
 * associated data) with the fields the server's record changed; 'unchecked' (version 2, but the
 * report was not opened here, so its header proves nothing) with the differences the unauthenticated
 * header shows; 'unbound' (a version 1 report; `late` when received on or after the day version 2
 * shipped, which a genuine reporter's page no longer sends); or 'none' (no content for this account).
 */
export type MetadataCheck =
  | { kind: 'bound'; differences: MetadataDifference[] }
  | { kind: 'unchecked'; differences: MetadataDifference[] }
  | { kind: 'unbound'; late: boolean }
  | { kind: 'none' };
export type MetadataDifference = { field: MetadataField; stored: string; sent: string };

/** The day report envelopes version 2 (metadata bound) shipped: a version 1 report received since is suspect. */
export const metadataBoundSince = '2026-12-02';

/** One case on screen: what the parts of the view share. */
export type CaseView = {
  app: App;
  crypto: Crypto;
  keyPair: KeyPair;
  /** The signed-in person's keys and the anchored organisation key. */
  held: HeldKeys;
  detail: CaseDetail;
  metadata: MetadataCheck;
  /** null when the case could not be opened; `openError` says why. */
  opened: Opened | null;
  openError: string | null;
  /** Account names by id (accountNames), for what checks a signature. */
  names: ReadonlyMap<string, string>;
  /** The name shown for any account id of the case (namer). */
  nameOf: (id: string) => string;
  /**
   * Draws the case again after a change saved from `saved` (a form or section), where the person was
   * on the page and with what they typed elsewhere on it, then announces `message`.
   */
  reload: (message: string, saved: Element) => void;
};

/** An administrator sees a case's metadata, but holds no key wrap unless also a recipient. */
class CaseNotShared extends Error {
  override readonly name = 'CaseNotShared';
}

const metadataFields: readonly MetadataField[] = ['region', 'industry', 'category', 'groupId'];

/**
 * Compares the stored metadata with the envelope's. The header is read without a key; only when the
 * report opened with it (`opened`) is it authenticated (it is the envelope's associated data), so the
 * server cannot change both to agree; until then the check says 'unchecked'.
 */
export function checkMetadata(crypto: Crypto, detail: Pick<CaseDetail, 'content' | 'receivedDay' | MetadataField>, opened: boolean): MetadataCheck {
  if (detail.content === null) return { kind: 'none' };
  let sent: ReportMetadata | null;
  try {
    sent = crypto.fieldMetadata(crypto.fromBase64Url(detail.content));
  } catch {
    sent = null;
  }
  if (sent === null) return { kind: 'unbound', late: detail.receivedDay >= metadataBoundSince };
  const differences = metadataFields.filter((field) => sent[field] !== detail[field]).map((field) => ({ field, stored: detail[field], sent: sent[field] }));
  return { kind: opened ? 'bound' : 'unchecked', differences };
}

/** Opens one note; an undecryptable one keeps its place with no text. */
function openNote(crypto: Crypto, detail: CaseDetail, note: CaseDetail['notes'][number], reportKeyPair: KeyPair): OpenedNote {
  const { id, authorId, authorName, createdAt } = note;
  try {
    const opened = crypto.openNote({ reportId: detail.id, envelope: crypto.fromBase64Url(note.ciphertext), reportKeyPair });
    return { id, authorId, authorName, createdAt, text: opened.text, signedBy: opened.authorId, verify: opened.verify };
  } catch {
    return { id, authorId, authorName, createdAt, text: null, signedBy: null, verify: () => false };
  }
}

/** Opens the report and its notes; the report private key is wiped before returning. */
function openCase(crypto: Crypto, detail: CaseDetail, keyPair: KeyPair): Opened {
  if (detail.content === null || detail.wrap === null) throw new CaseNotShared();
  const wrap = crypto.fromBase64Url(detail.wrap);
  const sealedContent = crypto.fromBase64Url(detail.content);
  const { content } = crypto.openReport({ reportId: detail.id, content: sealedContent, contact: null, wrap, keyPair });
  const reportKeyPair = crypto.unwrapReportKey(wrap, keyPair);
  try {
    const notes = detail.notes.map((note) => openNote(crypto, detail, note, reportKeyPair));
    return { content, notes, reportPublicKey: reportKeyPair.publicKey, sealed: { content: sealedContent, wrap } };
  } finally {
    reportKeyPair.privateKey.fill(0);
  }
}

/** The case with its report opened, or the reason it could not be (not shared with this account, or broken). */
export function caseView(app: App, crypto: Crypto, detail: CaseDetail, keyPair: KeyPair, names: ReadonlyMap<string, string>): CaseView {
  const { t } = app;
  const held = heldKeys();
  if (held === null) throw new Error('no keys in memory');
  let opened: Opened | null = null;
  let openError: string | null = null;
  try {
    opened = openCase(crypto, detail, keyPair);
  } catch (error) {
    openError = error instanceof CaseNotShared ? t.caseNotShared : `${t.caseDecryptFailed} ${app.problem(error)}`;
  }
  const reload = (message: string, saved: Element) => {
    app.show({ name: 'case', id: detail.id }, { keepPlace: true, saved });
    app.announce(message);
  };
  const nameOf = namer(detail, names, t.formerColleague);
  return { app, crypto, keyPair, held, detail, metadata: checkMetadata(crypto, detail, opened !== null), opened, openError, names, nameOf, reload };
}

/** A definition list of facts (term, value, attributes of the value). */
export function factList(entries: [term: string, value: Child | Child[], attributes?: Record<string, string>][]): HTMLElement {
  return h(
    'dl',
    { class: 'facts' },
    entries.map(([term, value, attributes]) => h('div', {}, h('dt', {}, term), h('dd', attributes ?? {}, value))),
  );
}
