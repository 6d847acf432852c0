// Organisation settings (admin): require TOTP, retention, deadlines (in days, as the server counts them).
import { api } from '../api.ts';
import type { App } from '../app.ts';
import { h, type Child } from '../../shared/dom.ts';
import { checkbox, errorBox, isBusy, runBusy, setFieldError, showProblem, textField } from '../form.ts';
import { deadlineLabel } from './queue.ts';

export async function renderSettings(app: App): Promise<Child[]> {
  const { t } = app;
  const organisation = await api.organisation();
  const { settings } = organisation;
  const requireTotp = checkbox('settings-totp', t.requireTotp, settings.requireTotp);
  const retention = textField({ id: 'settings-retention', label: t.retentionDays, hint: t.retentionHint, type: 'number', value: String(settings.retentionDays ?? ''), attributes: { min: 1, max: 36500, inputmode: 'numeric' } });
  const deadlines = Object.entries(settings.deadlines ?? {})
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number')
    .map(([name, value]) => ({ name, field: textField({ id: `settings-deadline-${name}`, label: deadlineLabel(t, name), type: 'number', value: String(value), attributes: { min: 0, max: 3650, inputmode: 'numeric' } }) }));
  const failure = errorBox('settings-error');
  const save = h('button', { type: 'submit', id: 'settings-save', class: 'primary' }, t.save);

  function onSubmit(event: Event): void {
    event.preventDefault();
    if (isBusy(save)) return;
    const numbers = [{ field: retention, min: 1 }, ...deadlines.map((d) => ({ field: d.field, min: 0 }))];
    let firstBad: HTMLInputElement | null = null;
    for (const { field, min } of numbers) {
      const value = Number(field.input.value);
      const bad = field.input.value === '' || !Number.isInteger(value) || value < min;
      setFieldError(field, bad ? t.errorNumber : null);
      if (bad) firstBad ??= field.input;
    }
    if (firstBad !== null) return firstBad.focus();
    void runBusy(
      save,
      t.saving,
      async () => {
        failure.show(null);
        await api.saveSettings({
          requireTotp: requireTotp.input.checked,
          retentionDays: Number(retention.input.value),
          deadlines: Object.fromEntries(deadlines.map((d) => [d.name, Number(d.field.input.value)])),
        });
        app.announce(t.saved);
      },
      showProblem(app, failure),
    );
  }

  return [
    h('h1', { tabindex: -1 }, t.settingsTitle),
    h('p', {}, t.organisationName, ': ', h('strong', {}, organisation.name)),
    h(
      'form',
      { id: 'settings-form', novalidate: true, onsubmit: onSubmit },
      requireTotp.wrap,
      retention.wrap,
      deadlines.length > 0 && h('fieldset', {}, h('legend', {}, t.deadlinesTitle), h('p', { class: 'hint' }, t.deadlinesHint), deadlines.map((d) => d.field.wrap)),
      failure.box,
      h('div', { class: 'actions' }, save),
    ),
  ];
}
