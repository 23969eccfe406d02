import { LitElement, css, html } from 'lit';
import { emailSchema } from '../../../shared/auth.schema.ts';
import { theme } from '../app/theme.ts';
import { alertRegion, field, focusFirstError, statusRegion } from '../forms/fields.ts';
import { errorMessage } from '../i18n/errors.ts';
import { LocaleController, t } from '../i18n/i18n.ts';
import { accountsApi } from './accounts.api.ts';
import { at } from './i18n.ts';

/** For the account page: asks for a new address, confirmed by a link sent to it. */
export class EmailChangeForm extends LitElement {
  static override properties = {
    newEmail: { state: true },
    password: { state: true },
    error: { state: true },
    formError: { state: true },
    pending: { state: true },
    sending: { state: true },
  };
  static override styles = [theme, css`:host { display: block; } form { max-width: 32rem; }`];

  declare newEmail: string;
  declare password: string;
  declare error: string | undefined;
  declare formError: string | undefined;
  declare pending: string | undefined;
  declare sending: boolean;
  private readonly i18n = new LocaleController(this);

  constructor() {
    super();
    this.newEmail = '';
    this.password = '';
    this.error = undefined;
    this.formError = undefined;
    this.pending = undefined;
    this.sending = false;
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    this.formError = undefined;
    const parsed = emailSchema.safeParse(this.newEmail);
    if (!parsed.success) {
      this.error = this.newEmail.trim() ? t('form.emailInvalid') : t('form.required');
      return focusFirstError(this);
    }
    this.error = undefined;
    this.sending = true;
    const r = await accountsApi.requestEmailChange(parsed.data, this.password || undefined);
    this.sending = false;
    if (r.ok) {
      this.pending = r.data.pendingEmail;
      this.password = '';
    } else {
      this.formError = errorMessage(r.error);
      return focusFirstError(this);
    }
  }

  override render() {
    return html`
      <h2>${at('emailChange.title')}</h2>
      ${statusRegion(this.pending ? at('emailChange.pending', { email: this.pending }) : undefined)}
      <form novalidate @submit=${this.submit}>
        ${alertRegion(this.formError, this.error ? [{ label: at('emailChange.newEmail'), message: this.error }] : [])}
        ${field({ id: 'change-email', label: at('emailChange.newEmail'), type: 'email', autocomplete: 'email', value: this.newEmail, error: this.error, onInput: (v) => (this.newEmail = v) })}
        ${field({ id: 'change-email-password', label: t('field.currentPassword'), type: 'password', autocomplete: 'current-password', value: this.password, required: false, onInput: (v) => (this.password = v) })}
        <div class="actions"><button type="submit" ?disabled=${this.sending}>${this.sending ? t('form.sending') : at('emailChange.submit')}</button></div>
      </form>
    `;
  }
}

customElements.define('email-change-form', EmailChangeForm);

declare global {
  interface HTMLElementTagNameMap {
    'email-change-form': EmailChangeForm;
  }
}
