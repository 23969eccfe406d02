import { LitElement, css, html, nothing } from 'lit';
import { signUpBody } from '../../../shared/auth.schema.ts';
import { Limits } from '../../../shared/limits.ts';
import { authApi } from '../api/auth.api.ts';
import { currentNext, navigate, setPageTitle, withNext } from '../app/navigate.ts';
import { session } from '../app/session.ts';
import { theme } from '../app/theme.ts';
import { alertRegion, field, fieldErrors, focusFirstError, passwordRules, serverFieldErrors, type SummaryItem } from '../forms/fields.ts';
import { errorMessage } from '../i18n/errors.ts';
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
  declare errors: Partial<Record<Field, string>>;
  declare formError: string | undefined;
  declare sending: boolean;
  private readonly i18n = new LocaleController(this);

  constructor() {
    super();
    this.email = '';
    this.displayName = '';
    this.password = '';
    this.showPassword = false;
    this.passwordless = false;
    this.passwordlessDone = false;
    this.errors = {};
    this.formError = undefined;
    this.sending = false;
  }

  override updated(): void {
    setPageTitle(t('signup.title'));
  }

  private summary(): SummaryItem[] {
    return fields.filter((f) => this.errors[f]).map((f) => ({ label: t(labels[f]), message: this.errors[f]! }));
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    if (this.sending) return;
    this.formError = undefined;
    const input = {
      email: this.email,
      displayName: this.displayName,
      ...(this.passwordless ? { passwordless: true as const } : { password: this.password }),
      locale: getLocale(),
    };
    const parsed = signUpBody.safeParse(input);
    if (!parsed.success) {
      this.errors = fieldErrors(parsed.error, input);
      return focusFirstError(this);
    }
    this.errors = {};
    this.sending = true;
    const result = await authApi.signUp(parsed.data);
    this.sending = false;
    if (result.ok) {
      session.set(result.data.user);
      if (this.passwordless) this.passwordlessDone = true;
      else navigate(currentNext() ?? '/compte');
      return;
    }
    const { error } = result;
    if (error.code === 'email_taken') this.errors = { email: errorMessage(error) };
    else if (error.code === 'weak_password') this.errors = { password: errorMessage(error) };
    else if (error.code === 'validation_failed') {
      this.errors = serverFieldErrors(error.details?.issues, fields);
      if (Object.keys(this.errors).length === 0) this.formError = errorMessage(error);
    } else this.formError = errorMessage(error);
    return focusFirstError(this);
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
      <form novalidate @submit=${this.submit} aria-busy=${this.sending ? 'true' : 'false'}>
        ${alertRegion(this.formError, this.summary())}
        ${field({
          id: 'signup-email',
          label: t('field.email'),
          type: 'email',
          autocomplete: 'email',
          value: this.email,
          error: this.errors.email,
          onInput: set('email'),
        })}
        ${field({
          id: 'signup-name',
          label: t('field.displayName'),
          autocomplete: 'nickname',
          value: this.displayName,
          hint: t('field.displayNameHint'),
          error: this.errors.displayName,
          onInput: set('displayName'),
        })}
        <div class="check passwordless">
          <input
            id="signup-passwordless"
            type="checkbox"
            .checked=${this.passwordless}
            @change=${(e: Event) => {
              this.passwordless = (e.target as HTMLInputElement).checked;
              this.errors = { ...this.errors, password: undefined };
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
                error: this.errors.password,
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
          <button type="submit" ?disabled=${this.sending}>${this.sending ? t('form.sending') : t('signup.submit')}</button>
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
