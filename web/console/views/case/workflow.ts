// Moving a case on (the transitions the domain allows from its status, an outcome to close it)
// and triage (severity, group flag, assignee).
import { outcomes, transitions, type Outcome, type Severity } from '../../../../contract/domain.ts';
import { api } from '../../api.ts';
import { h } from '../../../shared/dom.ts';
import { format } from '../../../shared/language.ts';
import { checkbox, errorBox, isBusy, runBusy, selectField, showProblem, submitBusy } from '../../form.ts';
import { groupAccident, severities } from '../../labels.ts';
import type { CaseView } from './open.ts';

/** The status (and outcome), one button per next status, the outcome a close needs. */
export function workflowSection({ app, detail, reload }: CaseView): HTMLElement {
  const { t, language } = app;
  const failure = errorBox('case-workflow-error');
  const next = transitions[detail.status];
  const outcome = selectField('case-outcome', t.outcome, [['', t.choose], ...outcomes.map((o) => [o, t.outcomes[o]] as const)], '', { 'aria-describedby': 'case-outcome-error' });
  const outcomeError = h('p', { id: 'case-outcome-error', class: 'error', hidden: true }, t.errorOutcome);
  outcome.wrap.append(outcomeError);
  const transitionButtons = next.map((to) =>
    h(
      'button',
      {
        type: 'button',
        id: `transition-${to}`,
        class: 'primary',
        onclick: (event) => {
          const button = event.currentTarget as HTMLButtonElement;
          if (isBusy(button)) return;
          let chosen: Outcome | undefined;
          if (to === 'closed') {
            chosen = outcomes.find((o) => o === outcome.select.value);
            outcomeError.hidden = chosen !== undefined;
            if (chosen === undefined) {
              outcome.select.setAttribute('aria-invalid', 'true');
              outcome.select.focus();
              app.announce(t.errorOutcome, true);
              return;
            }
          }
          void runBusy(
            button,
            t.saving,
            async () => {
              failure.show(null);
              await api.transition(detail.id, to, chosen);
              reload(format(t.statusChanged, { status: t.statuses[to] }, language), button.closest('section') ?? button);
            },
            showProblem(app, failure),
          );
        },
      },
      t.transitions[to],
    ),
  );
  return h(
    'section',
    { 'aria-labelledby': 'case-workflow-title' },
    h('h2', { id: 'case-workflow-title' }, t.workflow),
    h('p', {}, t.status, ': ', h('strong', { id: 'case-status' }, t.statuses[detail.status]), detail.outcome ? ` (${t.outcomes[detail.outcome]})` : ''),
    next.includes('closed') && outcome.wrap,
    next.length > 0 ? h('div', { class: 'actions' }, transitionButtons) : h('p', {}, t.caseClosedNote),
    failure.box,
  );
}

/** Severity, the group-accident flag and the assignee, saved together. */
export function triageSection({ app, detail, nameOf, reload }: CaseView): HTMLElement {
  const { t, language } = app;
  const me = app.session?.me;
  const severity = selectField('case-severity', t.severity, [['', t.severityNone], ...severities.map((s) => [s.id, s[language]] as const)], detail.severity ?? '');
  const group = checkbox('case-group', groupAccident[language], detail.group === true);
  const assigneeOptions: [string, string][] = [['', t.assigneeNobody]];
  if (me !== undefined) assigneeOptions.push([me.id, t.assigneeMe]);
  if (detail.assigneeId !== null && detail.assigneeId !== me?.id) assigneeOptions.push([detail.assigneeId, nameOf(detail.assigneeId)]);
  const assignee = selectField('case-assignee', t.assignee, assigneeOptions, detail.assigneeId ?? '');
  const failure = errorBox('case-triage-error');
  const save = h('button', { type: 'submit', id: 'triage-save', class: 'primary' }, t.save);
  const onSubmit = submitBusy(
    save,
    t.saving,
    async () => {
      failure.show(null);
      const chosen = severities.find((s) => s.id === severity.select.value)?.id ?? null;
      await api.updateCase(detail.id, { severity: chosen as Severity | null, group: group.input.checked, assigneeId: assignee.select.value === '' ? null : assignee.select.value });
      reload(t.saved, form);
    },
    showProblem(app, failure),
  );
  const form = h('form', { id: 'triage-form', novalidate: true, onsubmit: onSubmit }, severity.wrap, group.wrap, assignee.wrap, failure.box, h('div', { class: 'actions' }, save));
  return h('section', { 'aria-labelledby': 'case-triage-title' }, h('h2', { id: 'case-triage-title' }, t.triage), form);
}
