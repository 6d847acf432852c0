// One case: decrypted here with the inspector's private key (the server only ever sends
// ciphertext), the deadlines, the history, triage and workflow, internal notes encrypted for the
// case's recipients, contact details only on an explicit request, and adding a recipient by
// re-wrapping the case key (never re-encrypting). Each part is drawn by a function in case/.
import { api } from '../api.ts';
import type { App } from '../app.ts';
import type { Child } from '../../shared/dom.ts';
import { cryptoReady, heldKeyPair } from '../keys.ts';
import { notesSection } from './case/notes.ts';
import { accountNames, caseView } from './case/open.ts';
import { recipientsSection } from './case/recipients.ts';
import { contactSection, reportSection } from './case/report.ts';
import { caseHeader, deadlinesSection, historySection } from './case/summary.ts';
import { triageSection, workflowSection } from './case/workflow.ts';

export async function renderCase(app: App, screen: { name: 'case'; id: string }): Promise<Child[]> {
  const keyPair = heldKeyPair();
  if (keyPair === null) throw new Error('no key pair in memory');
  const [crypto, detail, names] = await Promise.all([cryptoReady(), api.case(screen.id), accountNames(app)]);
  const view = caseView(app, crypto, detail, keyPair, names);
  return [
    ...caseHeader(view),
    deadlinesSection(view),
    reportSection(view),
    contactSection(view),
    workflowSection(view),
    triageSection(view),
    notesSection(view),
    recipientsSection(view),
    historySection(view),
  ];
}
