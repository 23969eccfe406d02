import { LitElement, css, html } from 'lit';
import { changePasswordBody } from '../../../shared/auth.schema.ts';
import { Limits } from '../../../shared/limits.ts';
import { authApi } from '../api/auth.api.ts';
import { theme } from '../app/theme.ts';
import { alertRegion, field, passwordRules, statusRegion } from '../forms/fields.ts';
import { FormController } from '../forms/form-controller.ts';
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
    success: { state: true },
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
  declare success: string | undefined;
  private readonly i18n = new LocaleController(this);
  private readonly form = new FormController<Field>(this, fields, labels, {
    invalid_credentials: { field: 'currentPassword', message: () => t('password.currentWrong') },
    weak_password: 'newPassword',
  });

  constructor() {
    super();
    this.currentPassword = '';
    this.newPassword = '';
    this.success = undefined;
  }

  private async submit(e: Event): Promise<void> {
    this.success = undefined;
    const input = { currentPassword: this.currentPassword, newPassword: this.newPassword };
    const data = await this.form.submit(e, changePasswordBody, input, (body) => authApi.changePassword(body));
    if (!data) return;
    const n = data.endedSessions;
    this.success = n === 0 ? t('password.changed') : n === 1 ? t('password.changedOne') : t('password.changedOther', { n });
    this.currentPassword = '';
    this.newPassword = '';
    this.dispatchEvent(new CustomEvent('password-changed', { bubbles: true, composed: true, detail: { endedSessions: n } }));
  }

  override render() {
    return html`
      <h2>${t('password.title')}</h2>
      <form novalidate @submit=${this.submit}>
        ${alertRegion(this.form.formError, this.form.summary())} ${statusRegion(this.success)}
        ${field({
          id: 'current-password',
          label: t('field.currentPassword'),
          type: 'password',
          autocomplete: 'current-password',
          value: this.currentPassword,
          error: this.form.errors.currentPassword,
          onInput: (v) => (this.currentPassword = v),
        })}
        ${field({
          id: 'new-password',
          label: t('field.newPassword'),
          type: 'password',
          autocomplete: 'new-password',
          value: this.newPassword,
          hint: passwordRules(Limits.passwordMin),
          error: this.form.errors.newPassword,
          onInput: (v) => (this.newPassword = v),
        })}
        <div class="actions">
          <button type="submit" ?disabled=${this.form.sending}>${this.form.sending ? t('form.sending') : t('password.submit')}</button>
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
