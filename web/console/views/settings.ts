// Organisation settings (admin): require TOTP, retention, deadlines (in days, as the server counts
// them), and the government's yearly transfers of days off. Kazakhstan's public holidays are the
// server's own data (db/data/kz-holidays.json): only the transfers are entered here.
import { api } from '../api.ts';
import type { App } from '../app.ts';
import { fill, h, type Child } from '../../shared/dom.ts';
import { format } from '../../shared/language.ts';
import { checkbox, errorBox, isBusy, runBusy, setFieldError, showProblem, textField } from '../form.ts';
import { formatDay } from '../labels.ts';
import { deadlineLabel } from './queue.ts';

const isWeekend = (day: string) => [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());

/** 'YYYY-MM-DD' of a real day (a date field holds '' until its date is complete). */
const isDay = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);

type DayList = { box: HTMLElement; days: string[] };

/**
 * A list of dates with a date field to add one and a button to remove each, refusing what the
 * server would (server/domain/deadlines.ts transfersProblem): `refusal` says why a day cannot join.
 */
function dayList(app: App, id: string, title: string, initial: readonly string[], refusal: (day: string) => string | null): DayList {
  const { t, language } = app;
  const days = [...initial].sort();
  const list = h('ul', { id: `${id}-list`, class: 'days' });
  const field = textField({ id: `${id}-new`, label: t.dayToAdd, type: 'date' });
  const add = h('button', { type: 'button', id: `${id}-add`, class: 'secondary', onclick: addDay }, t.addDay);
  // The list as a field, so a language switch (app.ts keeps typed values by id) keeps unsaved days too.
  const kept = h('input', { type: 'hidden', id: `${id}-days`, onchange: () => takeKept() }) as HTMLInputElement;

  function takeKept(): void {
    const restored = kept.value.split(',').filter(isDay);
    days.splice(0, days.length, ...new Set(restored));
    days.sort();
    draw();
  }

  function draw(): void {
    kept.value = days.join(',');
    fill(
      list,
      days.length === 0
        ? h('li', {}, t.daysNone)
        : days.map((day) =>
            h(
              'li',
              {},
              formatDay(day, language),
              ' ',
              h('button', { type: 'button', class: 'link', id: `${id}-remove-${day}`, 'aria-label': format(t.removeDay, { day: formatDay(day, language) }, language), onclick: () => removeDay(day) }, t.remove),
            ),
          ),
    );
  }

  function addDay(): void {
    const day = field.input.value;
    const problem = !isDay(day) ? t.dayInvalid : days.includes(day) ? t.dayTwice : refusal(day);
    setFieldError(field, problem);
    if (problem !== null) return field.input.focus();
    days.push(day);
    days.sort();
    field.input.value = '';
    draw();
    app.announce(formatDay(day, language));
  }

  function removeDay(day: string): void {
    days.splice(days.indexOf(day), 1);
    draw();
    field.input.focus();
  }

  // Enter in the date field adds the day rather than saving the whole form.
  field.input.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    addDay();
  });
  draw();
  return { box: h('fieldset', { id }, h('legend', {}, title), list, kept, field.wrap, h('div', { class: 'actions' }, add)), days };
}

export async function renderSettings(app: App): Promise<Child[]> {
  const { t, language } = app;
  const organisation = await api.organisation();
  const { settings } = organisation;
  const requireTotp = checkbox('settings-totp', t.requireTotp, settings.requireTotp);
  const retention = textField({ id: 'settings-retention', label: t.retentionDays, hint: t.retentionHint, type: 'number', value: String(settings.retentionDays ?? ''), attributes: { min: 1, max: 36500, inputmode: 'numeric' } });
  const deadlines = Object.entries(settings.deadlines ?? {})
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number')
    .map(([name, value]) => ({ name, field: textField({ id: `settings-deadline-${name}`, label: deadlineLabel(t, name), type: 'number', value: String(value), attributes: { min: 0, max: 3650, inputmode: 'numeric' } }) }));
  const holidays: DayList = dayList(app, 'settings-holidays', t.extraHolidays, settings.holidays, (day) => (workingDays.days.includes(day) ? t.dayInOtherList : null));
  const workingDays: DayList = dayList(app, 'settings-working-days', t.extraWorkingDays, settings.workingDays, (day) =>
    holidays.days.includes(day) ? t.dayInOtherList : isWeekend(day) ? null : t.dayNotWeekend,
  );
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
          holidays: holidays.days,
          workingDays: workingDays.days,
        });
        app.announce(t.saved);
      },
      showProblem(app, failure),
    );
  }

  return [
    h('h1', { tabindex: -1 }, t.settingsTitle),
    h('p', {}, t.organisationName, ': ', h('strong', {}, organisation.name)),
    h('p', { id: 'settings-time-zone' }, format(t.timeZoneNote, { zone: organisation.timeZone }, language)),
    h(
      'form',
      { id: 'settings-form', novalidate: true, onsubmit: onSubmit },
      requireTotp.wrap,
      retention.wrap,
      deadlines.length > 0 &&
        h('fieldset', {}, h('legend', {}, t.deadlinesTitle), h('p', { class: 'hint' }, t.deadlinesHint), h('p', { class: 'hint', id: 'settings-deadlines-order' }, t.deadlinesOrder), deadlines.map((d) => d.field.wrap)),
      h('fieldset', { id: 'settings-transfers' }, h('legend', {}, t.transfersTitle), h('p', { class: 'hint' }, t.transfersHint), holidays.box, workingDays.box),
      failure.box,
      h('div', { class: 'actions' }, save),
    ),
  ];
}
