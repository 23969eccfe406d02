import { LitElement, css, html, nothing } from 'lit';
import { Limits } from '../../../shared/limits.ts';
import { resetPasswordBody } from '../../../shared/accounts.schema.ts';
import { navigate, setPageTitle } from '../app/navigate.ts';
import { session } from '../app/session.ts';
import { theme } from '../app/theme.ts';
import { alertRegion, field, fieldErrors, focusFirstError, passwordRules } from '../forms/fields.ts';
import { errorMessage } from '../i18n/errors.ts';
import { LocaleController, t } from '../i18n/i18n.ts';
import { accountsApi } from './accounts.api.ts';
import { at } from './i18n.ts';

/** `/reset-password/:token`: the page of the link sent by "forgot my password". */
export class ResetPasswordPage extends LitElement {
  static override properties = {
    token: { type: String },
    password: { state: true },
    error: { state: true },
    formError: { state: true },
    invalid: { state: true },
    sending: { state: true },
  };
  static override styles = [theme, css`:host { display: block; } form { max-width: 32rem; }`];

  declare token: string;
  declare password: string;
  declare error: string | undefined;
  declare formError: string | undefined;
  declare invalid: boolean;
  declare sending: boolean;
  private readonly i18n = new LocaleController(this);

  constructor() {
    super();
    this.token = '';
    this.password = '';
    this.error = undefined;
    this.formError = undefined;
    this.invalid = false;
    this.sending = false;
  }

  override updated(): void {
    setPageTitle(at('reset.title'));
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    if (this.sending) return;
    this.formError = undefined;
    const input = { token: this.token, newPassword: this.password };
    const parsed = resetPasswordBody.safeParse(input);
    if (!parsed.success) {
      const errs = fieldErrors(parsed.error, input);
      if (errs.token) this.invalid = true;
      this.error = errs.newPassword;
      return focusFirstError(this);
    }
    this.error = undefined;
    this.sending = true;
    const r = await accountsApi.confirmReset(parsed.data.token, parsed.data.newPassword);
    this.sending = false;
    if (r.ok) {
      session.set(r.data.user);
      navigate('/compte?reinitialise=1');
      return;
    }
    if (r.error.code === 'link_invalid') this.invalid = true;
    else if (r.error.code === 'weak_password') this.error = errorMessage(r.error);
    else this.formError = errorMessage(r.error);
    return focusFirstError(this);
  }

  override render() {
    if (this.invalid) {
      return html`<h1>${at('reset.title')}</h1>
        <div class="alert" role="alert"><p>${at('link.invalid')}</p></div>
        <p><a href="/mot-de-passe-oublie">${at('link.askNew')}</a></p>`;
    }
    return html`
      <h1>${at('reset.title')}</h1>
      <p>${at('reset.intro')}</p>
      <form novalidate @submit=${this.submit} aria-busy=${this.sending ? 'true' : 'false'}>
        ${alertRegion(this.formError, this.error ? [{ label: t('field.newPassword'), message: this.error }] : [])}
        ${field({
          id: 'reset-password',
          label: t('field.newPassword'),
          type: 'password',
          autocomplete: 'new-password',
          value: this.password,
          hint: passwordRules(Limits.passwordMin),
          error: this.error,
          onInput: (v) => (this.password = v),
        })}
        <div class="actions">
          <button type="submit" ?disabled=${this.sending}>${this.sending ? t('form.sending') : at('reset.submit')}</button>
        </div>
      </form>
      ${nothing}
    `;
  }
}

customElements.define('reset-password-page', ResetPasswordPage);

declare global {
  interface HTMLElementTagNameMap {
    'reset-password-page': ResetPasswordPage;
  }
}
