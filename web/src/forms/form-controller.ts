import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { z } from 'zod';
import type { ApiError, ApiResult } from '../api/api.ts';
import { errorMessage } from '../i18n/errors.ts';
import { t, type MessageKey } from '../i18n/i18n.ts';
import { fieldErrors, focusFirstError, serverFieldErrors, type SummaryItem } from './fields.ts';

/** Where an API error code lands: on a field, with the code's message or one of the form's own. */
export type ErrorPlacement<F extends string> = Partial<Record<string, F | { field: F; message: () => string }>>;

type Host = ReactiveControllerHost & HTMLElement;

/**
 * The life of one form: validate with the shared schema before sending, send once at a time,
 * put the server's refusals on their fields or in the alert, and move focus to the first problem.
 */
export class FormController<F extends string> implements ReactiveController {
  errors: Partial<Record<F, string>> = {};
  formError: string | undefined;
  sending = false;

  constructor(
    private readonly host: Host,
    private readonly fields: readonly F[],
    private readonly labels: Record<F, MessageKey>,
    private readonly placement: ErrorPlacement<F> = {},
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Forgets a field's error (the field went away, say). */
  clear(field: F): void {
    this.errors = { ...this.errors, [field]: undefined };
    this.host.requestUpdate();
  }

  /** The list the alert region shows: each field in error, labelled. */
  summary(): SummaryItem[] {
    return this.fields.filter((f) => this.errors[f]).map((f) => ({ label: t(this.labels[f]), message: this.errors[f]! }));
  }

  /**
   * Parses `input` with `schema`, sends it, and returns the answer's data, or undefined after
   * showing what went wrong. `onError` may take an error over first (return true when it did).
   */
  async submit<S extends z.ZodType, T>(
    event: Event,
    schema: S,
    input: Record<string, unknown>,
    send: (data: z.output<S>) => Promise<ApiResult<T>>,
    onError?: (error: ApiError) => boolean,
  ): Promise<T | undefined> {
    event.preventDefault();
    if (this.sending) return undefined;
    this.formError = undefined;
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      this.show(fieldErrors(parsed.error, input) as Partial<Record<F, string>>);
      return undefined;
    }
    this.errors = {};
    this.sending = true;
    this.host.requestUpdate();
    const result = await send(parsed.data);
    this.sending = false;
    this.host.requestUpdate();
    if (result.ok) return result.data;
    if (onError?.(result.error)) return undefined;
    this.showError(result.error);
    return undefined;
  }

  private showError(error: ApiError): void {
    const place = this.placement[error.code];
    if (place) {
      const [field, message] = typeof place === 'string' ? [place, errorMessage(error)] : [place.field, place.message()];
      this.show({ [field]: message } as Partial<Record<F, string>>);
      return;
    }
    if (error.code === 'validation_failed') {
      const errors = serverFieldErrors(error.details?.issues, this.fields) as Partial<Record<F, string>>;
      if (Object.keys(errors).length > 0) return this.show(errors);
    }
    this.formError = errorMessage(error);
    this.show({});
  }

  private show(errors: Partial<Record<F, string>>): void {
    this.errors = errors;
    this.host.requestUpdate();
    void focusFirstError(this.host as Host & { updateComplete: Promise<boolean> });
  }
}
