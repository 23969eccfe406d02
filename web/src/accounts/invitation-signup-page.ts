import { LitElement, css, html, nothing } from 'lit';
import type { InvitationPreview } from '../../../shared/accounts.schema.ts';
import { signUpBody } from '../../../shared/auth.schema.ts';
import { Limits } from '../../../shared/limits.ts';
import { navigate, setPageTitle } from '../app/navigate.ts';
import { session } from '../app/session.ts';
import { theme } from '../app/theme.ts';
import { alertRegion, field, passwordRules } from '../forms/fields.ts';
import { FormController } from '../forms/form-controller.ts';
import { errorMessage } from '../i18n/errors.ts';
import { LocaleController, getLocale, t, type MessageKey } from '../i18n/i18n.ts';
import { accountsApi } from './accounts.api.ts';
import { at } from './i18n.ts';

const fields = ['email', 'displayName', 'password'] as const;
type Field = (typeof fields)[number];
const labels: Record<Field, MessageKey> = { email: 'field.email', displayName: 'field.displayName', password: 'field.password' };

/** `/invitation/:token`: sign-up with the invitation, the address filled in, attached to the inviter's place. */
export class InvitationSignupPage extends LitElement {
  static override properties = {
    token: { type: String },
    preview: { state: true },
    invalid: { state: true },
    email: { state: true },
    displayName: { state: true },
    password: { state: true },
    passwordless: { state: true },
  };
  static override styles = [
    theme,
    css`
      :host { display: block; }
      form { max-width: 32rem; }
      .check { display: flex; gap: 0.6rem; align-items: flex-start; margin: 0 0 1.25rem; }
      .check input { width: 1.4rem; min-height: 1.4rem; height: 1.4rem; margin: 0.2rem 0 0; flex: none; }
    `,
  ];

  declare token: string;
  declare preview: InvitationPreview | undefined;
  declare invalid: boolean;
  declare email: string;
  declare displayName: string;
  declare password: string;
  declare passwordless: boolean;
  private readonly i18n = new LocaleController(this);
  private readonly form = new FormController<Field>(this, fields, labels, { email_taken: 'email', weak_password: 'password' });

  constructor() {
    super();
    this.token = '';
    this.preview = undefined;
    this.invalid = false;
    this.email = '';
    this.displayName = '';
    this.password = '';
    this.passwordless = false;
  }

  override async firstUpdated(): Promise<void> {
    const r = await accountsApi.previewInvitation(this.token);
    if (r.ok) {
      this.preview = r.data;
      this.email = r.data.email ?? '';
    } else if (r.error.code === 'link_invalid' || r.error.code === 'validation_failed') this.invalid = true;
    else this.form.formError = errorMessage(r.error);
  }

  override updated(): void {
    setPageTitle(at('invite.title'));
  }

  private async submit(e: Event): Promise<void> {
    const input = {
      email: this.email,
      displayName: this.displayName,
      ...(this.passwordless ? { passwordless: true as const } : { password: this.password }),
      invitation: this.token,
      locale: getLocale(),
    };
    const onError = (error: { code: string }) => (error.code === 'link_invalid' ? (this.invalid = true) : false);
    const data = await this.form.submit(e, signUpBody, input, (body) => accountsApi.signUpInvited(body), onError);
    if (!data) return;
    session.set(data.user);
    navigate('/compte');
  }

  override render() {
    if (this.invalid) {
      return html`<h1>${at('invite.title')}</h1>
        <div class="alert" role="alert"><p>${at('invite.invalid')}</p></div>`;
    }
    if (!this.preview) return html`<h1>${at('invite.title')}</h1>${alertRegion(this.form.formError)}<p>${at('common.loading')}</p>`;
    const p = this.preview;
    const inviter = p.inviterName ?? 'Maillage';
    return html`
      <h1>${at('invite.title')}</h1>
      <p>${p.placeName ? at('invite.introPlace', { inviter, place: p.placeName }) : at('invite.intro', { inviter })}</p>
      <form novalidate @submit=${this.submit} aria-busy=${this.form.sending ? 'true' : 'false'}>
        ${alertRegion(this.form.formError, this.form.summary())}
        ${field({ id: 'invite-email', label: t('field.email'), type: 'email', autocomplete: 'email', value: this.email, error: this.form.errors.email, onInput: (v) => (this.email = v) })}
        ${field({
          id: 'invite-name',
          label: t('field.displayName'),
          autocomplete: 'nickname',
          value: this.displayName,
          hint: t('field.displayNameHint'),
          error: this.form.errors.displayName,
          onInput: (v) => (this.displayName = v),
        })}
        <div class="check">
          <input id="invite-passwordless" type="checkbox" .checked=${this.passwordless}
            @change=${(e: Event) => (this.passwordless = (e.target as HTMLInputElement).checked)} />
          <label for="invite-passwordless">${at('invite.passwordless')}</label>
        </div>
        ${this.passwordless
          ? nothing
          : field({
              id: 'invite-password',
              label: t('field.password'),
              type: 'password',
              autocomplete: 'new-password',
              value: this.password,
              hint: passwordRules(Limits.passwordMin),
              error: this.form.errors.password,
              onInput: (v) => (this.password = v),
            })}
        <div class="actions">
          <button type="submit" ?disabled=${this.form.sending}>${this.form.sending ? t('form.sending') : at('invite.submit')}</button>
        </div>
      </form>
    `;
  }
}

customElements.define('invitation-signup-page', InvitationSignupPage);

declare global {
  interface HTMLElementTagNameMap {
    'invitation-signup-page': InvitationSignupPage;
  }
}
