import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import type { z } from 'zod';
import type { FieldIssue } from '../../../shared/errors.ts';
import { t } from '../i18n/i18n.ts';

/**
 * Form pieces rendered into each page's own shadow root: a label, its input, its hint and
 * its error must share one root for `for`, `aria-describedby` and focus to work.
 */
export interface FieldOptions {
  id: string;
  label: string;
  value: string;
  type?: 'text' | 'email' | 'password';
  autocomplete?: string;
  error?: string | undefined;
  hint?: TemplateResult | string;
  required?: boolean;
  onInput: (value: string) => void;
}

export function field(o: FieldOptions): TemplateResult {
  const hintId = o.hint ? `${o.id}-hint` : undefined;
  const errorId = `${o.id}-error`;
  const describedBy = [hintId, o.error ? errorId : undefined].filter(Boolean).join(' ');
  return html`
    <div class="field">
      <label for=${o.id}>${o.label}</label>
      ${o.hint ? html`<div class="hint" id=${hintId!}>${o.hint}</div>` : nothing}
      <input
        id=${o.id}
        name=${o.id}
        type=${o.type ?? 'text'}
        .value=${live(o.value)}
        autocomplete=${ifDefined(o.autocomplete)}
        ?required=${o.required ?? true}
        aria-invalid=${o.error ? 'true' : 'false'}
        aria-describedby=${describedBy || nothing}
        spellcheck="false"
        @input=${(e: Event) => o.onInput((e.target as HTMLInputElement).value)}
      />
      <p class="field-error" id=${errorId}>${o.error ?? ''}</p>
    </div>
  `;
}

/** The rules a new password must follow, shown beside the field. */
export function passwordRules(min: number): TemplateResult {
  return html`${t('password.rulesTitle')}
    <ul>
      <li>${t('password.ruleLength', { n: min })}</li>
      <li>${t('password.ruleCommon')}</li>
    </ul>`;
}

export interface SummaryItem {
  label: string;
  message: string;
}

/**
 * The region where a form announces its problems. It is always in the page, so that screen
 * readers announce what appears in it.
 */
export function alertRegion(message: string | undefined, items: SummaryItem[] = []): TemplateResult {
  return html`<div class="alert-region" role="alert" aria-live="assertive" tabindex="-1">
    ${message || items.length
      ? html`<div class="alert">
          ${message ? html`<p>${message}</p>` : nothing}
          ${items.length
            ? html`<p>${items.length === 1 ? t('form.errorsOne') : t('form.errorsOther', { n: items.length })}</p>
                <ul>
                  ${items.map((i) => html`<li>${t('form.item', { label: i.label, message: i.message })}</li>`)}
                </ul>`
            : nothing}
        </div>`
      : nothing}
  </div>`;
}

/** A polite region for good news (saved, ended...). */
export function statusRegion(message: string | undefined): TemplateResult {
  return html`<div role="status" aria-live="polite">
    ${message ? html`<div class="alert success"><p>${message}</p></div>` : nothing}
  </div>`;
}

/** Turns one zod issue of a shared schema into the sentence a person reads. */
export function issueMessage(field: string, issue: z.core.$ZodIssue, value: unknown): string {
  if (typeof value === 'string' && value.trim() === '' && field !== 'password' && field !== 'newPassword') return t('form.required');
  if (value === '' || value === undefined) return t('form.required');
  switch (issue.code) {
    case 'too_small':
      return field.toLowerCase().includes('password')
        ? t('form.passwordTooShort', { n: Number(issue.minimum) })
        : t('form.tooShort', { n: Number(issue.minimum) });
    case 'too_big':
      return t('form.tooLong', { n: Number(issue.maximum) });
    case 'invalid_format':
      return field === 'email' ? t('form.emailInvalid') : t('form.invalid');
    default:
      return t('form.invalid');
  }
}

/** First message per field from a failed parse of `input` with a shared schema. */
export function fieldErrors(error: z.ZodError, input: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const name = String(issue.path[0] ?? '');
    if (name && !(name in out)) out[name] = issueMessage(name, issue, input[name]);
  }
  return out;
}

/** Field errors from the server's `validation_failed` details, for the fields this form has. */
export function serverFieldErrors(issues: FieldIssue[] | undefined, fields: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues ?? []) {
    const name = issue.path.split('.')[0] ?? '';
    if (fields.includes(name) && !(name in out)) out[name] = t('form.invalid');
  }
  return out;
}

/** Moves focus to the first field marked invalid, or else to the alert, once `host` has rendered. */
export async function focusFirstError(host: HTMLElement & { updateComplete: Promise<boolean> }): Promise<void> {
  await host.updateComplete;
  const root = host.shadowRoot;
  const target = root?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? root?.querySelector<HTMLElement>('.alert-region');
  target?.focus();
}
