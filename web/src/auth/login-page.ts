import { LitElement, css, html } from 'lit';
import { logInBody } from '../../../shared/auth.schema.ts';
import { authApi } from '../api/auth.api.ts';
import { currentNext, navigate, setPageTitle, withNext } from '../app/navigate.ts';
import { session } from '../app/session.ts';
import { at } from '../accounts/i18n.ts';
import { theme } from '../app/theme.ts';
import { alertRegion, field } from '../forms/fields.ts';
import { FormController } from '../forms/form-controller.ts';
import { LocaleController, t, type MessageKey } from '../i18n/i18n.ts';

const fields = ['email', 'password'] as const;
type Field = (typeof fields)[number];
const labels: Record<Field, MessageKey> = { email: 'field.email', password: 'field.password' };

/** `/connexion`: logs in, then goes to the account page (or back to `?next=`). */
export class LoginPage extends LitElement {
  static override properties = {
    email: { state: true },
    password: { state: true },
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
  private readonly i18n = new LocaleController(this);
  // One message for a wrong e-mail and a wrong password alike: no hint of which accounts exist.
  private readonly form = new FormController<Field>(this, fields, labels);

  constructor() {
    super();
    this.email = '';
    this.password = '';
  }

  override updated(): void {
    setPageTitle(t('login.title'));
  }

  private async submit(e: Event): Promise<void> {
    const data = await this.form.submit(e, logInBody, { email: this.email, password: this.password }, (body) => authApi.logIn(body));
    if (!data) return;
    session.set(data.user);
    navigate(currentNext() ?? '/compte');
  }

  override render() {
    return html`
      <h1>${t('login.title')}</h1>
      <form novalidate @submit=${this.submit} aria-busy=${this.form.sending ? 'true' : 'false'}>
        ${alertRegion(this.form.formError, this.form.summary())}
        ${field({
          id: 'login-email',
          label: t('field.email'),
          type: 'email',
          autocomplete: 'username',
          value: this.email,
          error: this.form.errors.email,
          onInput: (v) => (this.email = v),
        })}
        ${field({
          id: 'login-password',
          label: t('field.password'),
          type: 'password',
          autocomplete: 'current-password',
          value: this.password,
          error: this.form.errors.password,
          onInput: (v) => (this.password = v),
        })}
        <div class="actions">
          <button type="submit" ?disabled=${this.form.sending}>${this.form.sending ? t('form.sending') : t('login.submit')}</button>
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
