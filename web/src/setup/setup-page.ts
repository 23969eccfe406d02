import { LitElement, css, html, nothing } from 'lit';
import type { ApiError } from '../api/api.ts';
import { authApi } from '../api/auth.api.ts';
import { setPageTitle, withNext } from '../app/navigate.ts';
import { SessionController, session } from '../app/session.ts';
import { theme } from '../app/theme.ts';
import { alertRegion, statusRegion } from '../forms/fields.ts';
import { errorMessage } from '../i18n/errors.ts';
import { LocaleController, t } from '../i18n/i18n.ts';

/**
 * `/setup/:token`: the one-time link printed at the first start. A visitor first creates an
 * account or logs in, and comes back here through `?next=`.
 */
export class SetupPage extends LitElement {
  static override properties = {
    token: { type: String },
    sending: { state: true },
    error: { state: true },
    done: { state: true },
  };
  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
    `,
  ];

  declare token: string;
  declare sending: boolean;
  declare error: ApiError | undefined;
  declare done: boolean;
  private readonly i18n = new LocaleController(this);
  private readonly session = new SessionController(this);

  constructor() {
    super();
    this.token = '';
    this.sending = false;
    this.error = undefined;
    this.done = false;
  }

  override updated(): void {
    setPageTitle(t('setup.title'));
  }

  private async claim(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    this.error = undefined;
    const result = await authApi.claimSetup(this.token);
    this.sending = false;
    if (result.ok) {
      this.done = true;
      session.set(result.data.user);
    } else this.error = result.error;
  }

  private errorText(): string | undefined {
    if (!this.error) return undefined;
    // A malformed token is, for the person holding it, just an unknown link.
    if (this.error.code === 'not_found' || this.error.code === 'validation_failed') return t('setup.notFound');
    return errorMessage(this.error);
  }

  override render() {
    const me = this.session.me;
    const here = `/setup/${encodeURIComponent(this.token)}`;
    return html`
      <h1>${t('setup.title')}</h1>
      <p>${t('setup.intro')}</p>
      ${alertRegion(this.errorText())} ${statusRegion(this.done ? t('setup.done') : undefined)}
      ${this.done
        ? html`<p><a class="button" href="/compte">${t('home.goAccount')}</a></p>`
        : !me
          ? html`<p>${t('setup.loggedOut')}</p>
              <div class="actions">
                <a class="button" href=${withNext('/inscription', here)}>${t('nav.signup')}</a>
                <a class="button secondary" href=${withNext('/connexion', here)}>${t('nav.login')}</a>
              </div>`
          : me.role === 'admin'
            ? html`<p>${t('setup.alreadyAdmin')}</p>`
            : html`<p>${t('setup.as', { name: me.displayName })}</p>
                ${this.error?.code === 'not_found'
                  ? nothing
                  : html`<div class="actions">
                      <button type="button" ?disabled=${this.sending} @click=${this.claim}>
                        ${this.sending ? t('form.sending') : t('setup.claim')}
                      </button>
                    </div>`}`}
    `;
  }
}

customElements.define('setup-page', SetupPage);

declare global {
  interface HTMLElementTagNameMap {
    'setup-page': SetupPage;
  }
}
