import { LitElement, css, html } from 'lit';
import { logInBody } from '../../../shared/auth.schema.ts';
import { authApi } from '../api/auth.api.ts';
import { currentNext, navigate, setPageTitle, withNext } from '../app/navigate.ts';
import { session } from '../app/session.ts';
import { at } from '../accounts/i18n.ts';
import { theme } from '../app/theme.ts';
import { alertRegion, field, fieldErrors, focusFirstError, type SummaryItem } from '../forms/fields.ts';
import { errorMessage } from '../i18n/errors.ts';
import { LocaleController, t, type MessageKey } from '../i18n/i18n.ts';

const fields = ['email', 'password'] as const;
type Field = (typeof fields)[number];
const labels: Record<Field, MessageKey> = { email: 'field.email', password: 'field.password' };

/** `/connexion`: logs in, then goes to the account page (or back to `?next=`). */
export class LoginPage extends LitElement {
  static override properties = {
    email: { state: true },
    password: { state: true },
    errors: { state: true },
    formError: { state: true },
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

  declare email: string;
  declare password: string;
  declare errors: Partial<Record<Field, string>>;
  declare formError: string | undefined;
  declare sending: boolean;
  private readonly i18n = new LocaleController(this);

  constructor() {
    super();
    this.email = '';
    this.password = '';
    this.errors = {};
    this.formError = undefined;
    this.sending = false;
  }

  override updated(): void {
    setPageTitle(t('login.title'));
  }

  private summary(): SummaryItem[] {
    return fields.filter((f) => this.errors[f]).map((f) => ({ label: t(labels[f]), message: this.errors[f]! }));
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    if (this.sending) return;
    this.formError = undefined;
    const input = { email: this.email, password: this.password };
    const parsed = logInBody.safeParse(input);
    if (!parsed.success) {
      this.errors = fieldErrors(parsed.error, input);
      return focusFirstError(this);
    }
    this.errors = {};
    this.sending = true;
    const result = await authApi.logIn(parsed.data);
    this.sending = false;
    if (result.ok) {
      session.set(result.data.user);
      navigate(currentNext() ?? '/compte');
      return;
    }
    // One message for a wrong e-mail and a wrong password alike: no hint of which accounts exist.
    this.formError = errorMessage(result.error);
    return focusFirstError(this);
  }

  override render() {
    return html`
      <h1>${t('login.title')}</h1>
      <form novalidate @submit=${this.submit} aria-busy=${this.sending ? 'true' : 'false'}>
        ${alertRegion(this.formError, this.summary())}
        ${field({
          id: 'login-email',
          label: t('field.email'),
          type: 'email',
          autocomplete: 'username',
          value: this.email,
          error: this.errors.email,
          onInput: (v) => (this.email = v),
        })}
        ${field({
          id: 'login-password',
          label: t('field.password'),
          type: 'password',
          autocomplete: 'current-password',
          value: this.password,
          error: this.errors.password,
          onInput: (v) => (this.password = v),
        })}
        <div class="actions">
          <button type="submit" ?disabled=${this.sending}>${this.sending ? t('form.sending') : t('login.submit')}</button>
        </div>
      </form>
      <p class="switch"><a href="/mot-de-passe-oublie">${at('forgot.link')}</a></p>
      <p class="switch"><a href="/lien-de-connexion">${at('loginLink.link')}</a></p>
      <p class="switch">
        ${t('login.noAccount')} <a href=${withNext('/inscription', currentNext())}>${t('nav.signup')}</a>
      </p>
    `;
  }
}

customElements.define('login-page', LoginPage);

declare global {
  interface HTMLElementTagNameMap {
    'login-page': LoginPage;
  }
}
