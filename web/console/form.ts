// Small form pieces every console screen uses: labelled fields, error boxes, busy buttons, and
// the one way an action runs behind its button (runBusy).
import { h, type Attributes } from '../shared/dom.ts';

type FieldOptions = {
  id: string;
  label: string;
  type?: 'text' | 'password' | 'number' | 'search' | 'date';
  value?: string;
  hint?: string;
  required?: boolean;
  attributes?: Attributes;
};

/** A label, an optional hint and an input, tied together with for/aria-describedby; the error line below is hidden until set. */
export function textField(options: FieldOptions): { wrap: HTMLElement; input: HTMLInputElement; error: HTMLElement } {
  const hintId = options.hint === undefined ? undefined : `${options.id}-hint`;
  const error = h('p', { id: `${options.id}-error`, class: 'error', hidden: true });
  const input = h('input', {
    id: options.id,
    type: options.type ?? 'text',
    value: options.value ?? '',
    required: options.required === true,
    'aria-describedby': [hintId, `${options.id}-error`].filter(Boolean).join(' '),
    spellcheck: 'false',
    autocomplete: 'off',
    ...options.attributes,
  });
  const wrap = h('div', { class: 'field' }, h('label', { for: options.id }, options.label), hintId !== undefined && h('p', { id: hintId, class: 'hint' }, options.hint), input, error);
  return { wrap, input, error };
}

export function selectField(
  id: string,
  label: string,
  options: readonly (readonly [value: string, text: string])[],
  value: string,
  attributes: Attributes = {},
): { wrap: HTMLElement; select: HTMLSelectElement } {
  const select = h('select', { id, ...attributes }, options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
  return { wrap: h('div', { class: 'field' }, h('label', { for: id }, label), select), select };
}

export function checkbox(id: string, label: string, checked: boolean, attributes: Attributes = {}): { wrap: HTMLElement; input: HTMLInputElement } {
  const input = h('input', { id, type: 'checkbox', checked, ...attributes });
  return { wrap: h('div', { class: 'check' }, input, h('label', { for: id }, label)), input };
}

/** Marks a field invalid (or clears it) and says why. */
export function setFieldError(field: { input: HTMLInputElement; error: HTMLElement }, text: string | null): void {
  field.error.textContent = text ?? '';
  field.error.hidden = text === null;
  if (text === null) field.input.removeAttribute('aria-invalid');
  else field.input.setAttribute('aria-invalid', 'true');
}

export type ErrorBox = { box: HTMLElement; show: (text: string | null) => void };

/** An error box for a whole form or action; hidden until `show` is called. Announced through the app's live region. */
export function errorBox(id: string): ErrorBox {
  const box = h('p', { id, class: 'alert', hidden: true, tabindex: -1 });
  return {
    box,
    show(text) {
      box.textContent = text ?? '';
      box.hidden = text === null;
    },
  };
}

/** Marks a button busy (aria-disabled, so it keeps focus) with a progress text; returns a function that restores it. */
export function busy(button: HTMLButtonElement, text: string): () => void {
  const before = button.textContent ?? '';
  button.setAttribute('aria-disabled', 'true');
  button.textContent = text;
  return () => {
    button.removeAttribute('aria-disabled');
    button.textContent = before;
  };
}

export function isBusy(button: HTMLButtonElement): boolean {
  return button.getAttribute('aria-disabled') === 'true';
}

/** What turns an error into words and speaks them: the app (app.ts). */
type ProblemTeller = { problem(error: unknown): string; announce(text: string, urgent?: boolean): void };

/** A failed action's handler: the problem in its error box (if any) and, assertively, to screen readers. */
export function showProblem(app: ProblemTeller, failure?: ErrorBox): (error: unknown) => void {
  return (error) => {
    const text = app.problem(error);
    failure?.show(text);
    app.announce(text, true);
  };
}

/**
 * Runs an action behind its button: nothing happens while the button is busy; else the button says
 * `label` until the action settles, a failure goes to `onError`, and the button comes back either
 * way (an action that leaves the screen has already detached it).
 */
export async function runBusy(button: HTMLButtonElement, label: string, action: () => unknown, onError: (error: unknown) => void): Promise<void> {
  if (isBusy(button)) return;
  const restore = busy(button, label);
  try {
    await action();
  } catch (error) {
    onError(error);
  } finally {
    restore();
  }
}

/** A form's submit handler that runs `action` behind its submit button (runBusy), for forms with nothing to check first. */
export function submitBusy(button: HTMLButtonElement, label: string, action: () => unknown, onError: (error: unknown) => void): (event: Event) => void {
  return (event) => {
    event.preventDefault();
    void runBusy(button, label, action, onError);
  };
}
