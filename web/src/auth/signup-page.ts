import { LitElement, css, html, nothing } from 'lit';
import { signUpBody } from '../../../shared/auth.schema.ts';
import { Limits } from '../../../shared/limits.ts';
import { authApi } from '../api/auth.api.ts';
import { currentNext, navigate, setPageTitle, withNext } from '../app/navigate.ts';
import { session } from '../app/session.ts';
import { theme } from '../app/theme.ts';
import { alertRegion, field, passwordRules } from '../forms/fields.ts';
import { FormController } from '../forms/form-controller.ts';
import { LocaleController, getLocale, t, type MessageKey } from '../i18n/i18n.ts';
import { at } from '../accounts/i18n.ts';

const fields = ['email', 'displayName', 'password'] as const;
type Field = (typeof fields)[number];
const labels: Record<Field, MessageKey> = { email: 'field.email', displayName: 'field.displayName', password: 'field.password' };

/** `/inscription`: creates an account, then goes to the account page (or back to `?next=`). */
export class SignupPage extends LitElement {
  static override properties = {
    email: { state: true },
    displayName: { state: true },
    password: { state: true },
    showPassword: { state: true },
    passwordless: { state: true },
    passwordlessDone: { state: true },
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
      .check {
        display: flex;
        gap: 0.6rem;
        align-items: center;
        margin: -0.5rem 0 1.25rem;
      }
      .check input {
        width: 1.4rem;
        min-height: 1.4rem;
        height: 1.4rem;
        margin: 0;
        flex: none;
      }
      .check.passwordless {
        align-items: flex-start;
        margin: 0 0 1.25rem;
      }
      .check.passwordless input {
        margin-top: 0.2rem;
      }
    `,
  ];

  declare email: string;
  declare displayName: string;
  declare password: string;
  declare showPassword: boolean;
  /** The member logs in by e-mail link and has no password. */
  declare passwordless: boolean;
  /** Signed up without a password: told how to log in next time before going on. */
  declare passwordlessDone: boolean;
  private readonly i18n = new LocaleController(this);
  private readonly form = new FormController<Field>(this, fields, labels, { email_taken: 'email', weak_password: 'password' });

  constructor() {
    super();
    this.email = '';
    this.displayName = '';
    this.password = '';
    this.showPassword = false;
    this.passwordless = false;
    this.passwordlessDone = false;
  }

  override updated(): void {
    setPageTitle(t('signup.title'));
  }

  private async submit(e: Event): Promise<void> {
    const input = {
      email: this.email,
      displayName: this.displayName,
      ...(this.passwordless ? { passwordless: true as const } : { password: this.password }),
      locale: getLocale(),
    };
    const data = await this.form.submit(e, signUpBody, input, (body) => authApi.signUp(body));
    if (!data) return;
    session.set(data.user);
    if (this.passwordless) this.passwordlessDone = true;
    else navigate(currentNext() ?? '/compte');
  }

  override render() {
    if (this.passwordlessDone) {
      return html`
        <h1>${t('signup.title')}</h1>
        <div class="alert success" role="status"><p>${at('signup.passwordlessDone')}</p></div>
        <p><a href=${currentNext() ?? '/compte'}>${at('signup.continue')}</a></p>
      `;
    }
    const set = (f: Field) => (value: string) => {
      this[f] = value;
    };
    return html`
      <h1>${t('signup.title')}</h1>
      <p>${t('signup.intro')}</p>
      <form novalidate @submit=${this.submit} aria-busy=${this.form.sending ? 'true' : 'false'}>
        ${alertRegion(this.form.formError, this.form.summary())}
        ${field({
          id: 'signup-email',
          label: t('field.email'),
          type: 'email',
          autocomplete: 'email',
          value: this.email,
          error: this.form.errors.email,
          onInput: set('email'),
        })}
        ${field({
          id: 'signup-name',
          label: t('field.displayName'),
          autocomplete: 'nickname',
          value: this.displayName,
          hint: t('field.displayNameHint'),
          error: this.form.errors.displayName,
          onInput: set('displayName'),
        })}
        <div class="check passwordless">
          <input
            id="signup-passwordless"
            type="checkbox"
            .checked=${this.passwordless}
            @change=${(e: Event) => {
              this.passwordless = (e.target as HTMLInputElement).checked;
              this.form.clear('password');
            }}
          />
          <label for="signup-passwordless">${at('signup.passwordless')}</label>
        </div>
        ${this.passwordless
          ? nothing
          : html`${field({
                id: 'signup-password',
                label: t('field.password'),
                type: this.showPassword ? 'text' : 'password',
                autocomplete: 'new-password',
                value: this.password,
                hint: passwordRules(Limits.passwordMin),
                error: this.form.errors.password,
                onInput: set('password'),
              })}
              <div class="check">
                <input
                  id="signup-show"
                  type="checkbox"
                  .checked=${this.showPassword}
                  @change=${(e: Event) => (this.showPassword = (e.target as HTMLInputElement).checked)}
                />
                <label for="signup-show">${t('form.showPassword')}</label>
              </div>`}
        <div class="actions">
          <button type="submit" ?disabled=${this.form.sending}>${this.form.sending ? t('form.sending') : t('signup.submit')}</button>
        </div>
      </form>
      <p class="switch">
        ${t('signup.haveAccount')} <a href=${withNext('/connexion', currentNext())}>${t('nav.login')}</a>
      </p>
    `;
  }
}

customElements.define('signup-page', SignupPage);

declare global {
  interface HTMLElementTagNameMap {
    'signup-page': SignupPage;
  }
}
