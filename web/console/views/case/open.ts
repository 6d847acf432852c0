// What every part of the case screen works from: the case as the server sent it, opened here with
// the inspector's private key (the server only ever sends ciphertext).
import type { CaseDetail } from '../../../../contract/console-api.ts';
import type { App } from '../../app.ts';
import { h, type Child } from '../../../shared/dom.ts';
import type { Crypto, KeyPair } from '../../keys.ts';

export type Opened = {
  content: { language: 'kk' | 'ru' | 'en'; happened: string; employer: string; where: string; what: string; who: string };
  notes: { id: string; authorId: string; authorName: string | null; createdAt: string; text: string | null }[];
  reportPublicKey: Uint8Array;
  /** The ciphertexts it was opened from. */
  sealed: { content: Uint8Array; wrap: Uint8Array };
};

/** One case on screen: what the parts of the view share. */
export type CaseView = {
  app: App;
  crypto: Crypto;
  keyPair: KeyPair;
  detail: CaseDetail;
  /** null when the case could not be opened; `openError` says why. */
  opened: Opened | null;
  openError: string | null;
  /** Draws the case again (after a change), then announces `message`. */
  reload: (message?: string) => void;
};

/** An administrator sees a case's metadata, but holds no key wrap unless also a recipient. */
class CaseNotShared extends Error {
  override readonly name = 'CaseNotShared';
}

/** Opens the report and its notes; the report private key is wiped before returning. */
function openCase(crypto: Crypto, detail: CaseDetail, keyPair: KeyPair): Opened {
  if (detail.content === null || detail.wrap === null) throw new CaseNotShared();
  const wrap = crypto.fromBase64Url(detail.wrap);
  const sealedContent = crypto.fromBase64Url(detail.content);
  const { content } = crypto.openReport({ reportId: detail.id, content: sealedContent, contact: null, wrap, keyPair });
  const reportKeyPair = crypto.unwrapReportKey(wrap, keyPair);
  try {
    const notes = detail.notes.map((note) => {
      let text: string | null;
      try {
        const plaintext = crypto.decryptField({ reportId: detail.id, field: 'note', envelope: crypto.fromBase64Url(note.ciphertext), reportKeyPair });
        text = crypto.utf8Decode(plaintext);
      } catch {
        text = null;
      }
      return { ...note, text };
    });
    return { content, notes, reportPublicKey: reportKeyPair.publicKey, sealed: { content: sealedContent, wrap } };
  } finally {
    reportKeyPair.privateKey.fill(0);
  }
}

/** The case with its report opened, or the reason it could not be (not shared with this account, or broken). */
export function caseView(app: App, crypto: Crypto, detail: CaseDetail, keyPair: KeyPair): CaseView {
  const { t } = app;
  let opened: Opened | null = null;
  let openError: string | null = null;
  try {
    opened = openCase(crypto, detail, keyPair);
  } catch (error) {
    openError = error instanceof CaseNotShared ? t.caseNotShared : `${t.caseDecryptFailed} ${app.problem(error)}`;
  }
  const reload = (message?: string) => {
    app.show({ name: 'case', id: detail.id });
    if (message !== undefined) app.announce(message);
  };
  return { app, crypto, keyPair, detail, opened, openError, reload };
}

/** A definition list of facts (term, value, attributes of the value). */
export function factList(entries: [term: string, value: Child | Child[], attributes?: Record<string, string>][]): HTMLElement {
  return h(
    'dl',
    { class: 'facts' },
    entries.map(([term, value, attributes]) => h('div', {}, h('dt', {}, term), h('dd', attributes ?? {}, value))),
  );
}
