import { LitElement, css, html } from 'lit';
import { changePasswordBody } from '../../../shared/auth.schema.ts';
import { Limits } from '../../../shared/limits.ts';
import { authApi } from '../api/auth.api.ts';
import { theme } from '../app/theme.ts';
import { alertRegion, field, fieldErrors, focusFirstError, passwordRules, statusRegion, type SummaryItem } from '../forms/fields.ts';
import { errorMessage } from '../i18n/errors.ts';
import { LocaleController, t, type MessageKey } from '../i18n/i18n.ts';

const fields = ['currentPassword', 'newPassword'] as const;
type Field = (typeof fields)[number];
const labels: Record<Field, MessageKey> = { currentPassword: 'field.currentPassword', newPassword: 'field.newPassword' };

/**
 * Changing the password; the server ends every other session, and says how many. Fires
 * `password-changed` so the session list can refresh.
 */
export class PasswordForm extends LitElement {
  static override properties = {
    currentPassword: { state: true },
    newPassword: { state: true },
    errors: { state: true },
    formError: { state: true },
    success: { state: true },
    sending: { state: true },
  };
  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      form {
        max-width: 32rem;
      }
    `,
  ];

  declare currentPassword: string;
  declare newPassword: string;
  declare errors: Partial<Record<Field, string>>;
  declare formError: string | undefined;
  declare success: string | undefined;
  declare sending: boolean;
  private readonly i18n = new LocaleController(this);

  constructor() {
    super();
    this.currentPassword = '';
    this.newPassword = '';
    this.errors = {};
    this.formError = undefined;
    this.success = undefined;
    this.sending = false;
  }

  private summary(): SummaryItem[] {
    return fields.filter((f) => this.errors[f]).map((f) => ({ label: t(labels[f]), message: this.errors[f]! }));
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    if (this.sending) return;
    this.formError = undefined;
    this.success = undefined;
    const input = { currentPassword: this.currentPassword, newPassword: this.newPassword };
    const parsed = changePasswordBody.safeParse(input);
    if (!parsed.success) {
      this.errors = fieldErrors(parsed.error, input);
      return focusFirstError(this);
    }
    this.errors = {};
    this.sending = true;
    const result = await authApi.changePassword(parsed.data);
    this.sending = false;
    if (result.ok) {
      const n = result.data.endedSessions;
      this.success = n === 0 ? t('password.changed') : n === 1 ? t('password.changedOne') : t('password.changedOther', { n });
      this.currentPassword = '';
      this.newPassword = '';
      this.dispatchEvent(new CustomEvent('password-changed', { bubbles: true, composed: true, detail: { endedSessions: n } }));
      return;
    }
    const { error } = result;
    if (error.code === 'invalid_credentials') this.errors = { currentPassword: t('password.currentWrong') };
    else if (error.code === 'weak_password') this.errors = { newPassword: errorMessage(error) };
    else this.formError = errorMessage(error);
    return focusFirstError(this);
  }

  override render() {
    return html`
      <h2>${t('password.title')}</h2>
      <form novalidate @submit=${this.submit}>
        ${alertRegion(this.formError, this.summary())} ${statusRegion(this.success)}
        ${field({
          id: 'current-password',
          label: t('field.currentPassword'),
          type: 'password',
          autocomplete: 'current-password',
          value: this.currentPassword,
          error: this.errors.currentPassword,
          onInput: (v) => (this.currentPassword = v),
        })}
        ${field({
          id: 'new-password',
          label: t('field.newPassword'),
          type: 'password',
          autocomplete: 'new-password',
          value: this.newPassword,
          hint: passwordRules(Limits.passwordMin),
          error: this.errors.newPassword,
          onInput: (v) => (this.newPassword = v),
        })}
        <div class="actions">
          <button type="submit" ?disabled=${this.sending}>${this.sending ? t('form.sending') : t('password.submit')}</button>
        </div>
      </form>
    `;
  }
}

customElements.define('password-form', PasswordForm);

declare global {
  interface HTMLElementTagNameMap {
    'password-form': PasswordForm;
  }
}
