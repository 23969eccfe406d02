import { LitElement, css, html } from 'lit';
import { emailRequestBody } from '../../../shared/accounts.schema.ts';
import { setPageTitle } from '../app/navigate.ts';
import { theme } from '../app/theme.ts';
import { alertRegion, field, fieldErrors, focusFirstError, statusRegion } from '../forms/fields.ts';
import { errorMessage } from '../i18n/errors.ts';
import { LocaleController, getLocale, t } from '../i18n/i18n.ts';
import { accountsApi } from './accounts.api.ts';
import { at } from './i18n.ts';

/**
 * `/mot-de-passe-oublie` (kind `reset`) and `/lien-de-connexion` (kind `login`): asks for a
 * link by mail. The answer is the same whether or not the address has an account.
 */
export class LinkRequestPage extends LitElement {
  static override properties = {
    kind: { type: String },
    email: { state: true },
    error: { state: true },
    formError: { state: true },
    sentTo: { state: true },
    sending: { state: true },
  };
  static override styles = [theme, css`:host { display: block; } form { max-width: 32rem; }`];

  declare kind: 'reset' | 'login';
  declare email: string;
  declare error: string | undefined;
  declare formError: string | undefined;
  declare sentTo: string | undefined;
  declare sending: boolean;
  private readonly i18n = new LocaleController(this);

  constructor() {
    super();
    this.kind = 'reset';
    this.email = '';
    this.error = undefined;
    this.formError = undefined;
    this.sentTo = undefined;
    this.sending = false;
  }

  private get heading() {
    return this.kind === 'reset' ? at('forgot.title') : at('loginLink.title');
  }

  override updated(): void {
    setPageTitle(this.heading);
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    if (this.sending) return;
    this.formError = undefined;
    const input = { email: this.email, locale: getLocale() };
    const parsed = emailRequestBody.safeParse(input);
    if (!parsed.success) {
      this.error = fieldErrors(parsed.error, input).email;
      return focusFirstError(this);
    }
    this.error = undefined;
    this.sending = true;
    const r = this.kind === 'reset'
      ? await accountsApi.requestReset(parsed.data.email, getLocale())
      : await accountsApi.requestLoginLink(parsed.data.email, getLocale());
    this.sending = false;
    if (r.ok) this.sentTo = parsed.data.email;
    else {
      this.formError = errorMessage(r.error);
      return focusFirstError(this);
    }
  }

  override render() {
    const sent = this.sentTo
      ? (this.kind === 'reset' ? at('forgot.sent', { email: this.sentTo }) : at('loginLink.sent', { email: this.sentTo }))
      : undefined;
    return html`
      <h1>${this.heading}</h1>
      <p>${this.kind === 'reset' ? at('forgot.intro') : at('loginLink.intro')}</p>
      ${statusRegion(sent)}
      <form novalidate @submit=${this.submit} aria-busy=${this.sending ? 'true' : 'false'}>
        ${alertRegion(this.formError, this.error ? [{ label: t('field.email'), message: this.error }] : [])}
        ${field({
          id: `${this.kind}-email`,
          label: t('field.email'),
          type: 'email',
          autocomplete: 'email',
          value: this.email,
          error: this.error,
          onInput: (v) => (this.email = v),
        })}
        <div class="actions">
          <button type="submit" ?disabled=${this.sending}>
            ${this.sending ? t('form.sending') : this.kind === 'reset' ? at('forgot.submit') : at('loginLink.submit')}
          </button>
        </div>
      </form>
      <p class="switch"><a href="/connexion">${t('nav.login')}</a></p>
    `;
  }
}

customElements.define('link-request-page', LinkRequestPage);

declare global {
  interface HTMLElementTagNameMap {
    'link-request-page': LinkRequestPage;
  }
}
