import { LitElement, css, html, nothing } from 'lit';
import { navigate, setPageTitle } from '../app/navigate.ts';
import { session } from '../app/session.ts';
import { theme } from '../app/theme.ts';
import { errorMessage } from '../i18n/errors.ts';
import { LocaleController } from '../i18n/i18n.ts';
import { accountsApi } from './accounts.api.ts';
import { at } from './i18n.ts';

type Kind = 'verify' | 'login' | 'email-change';

/**
 * The page a link from a mail opens: `/verify-email/:token` (confirms at once),
 * `/login-link/:token` and `/email-change/:token` (confirm on a button press, so that a mail
 * scanner opening the link does not use it up).
 */
export class LinkLandingPage extends LitElement {
  static override properties = {
    kind: { type: String },
    token: { type: String },
    state: { state: true },
    message: { state: true },
  };
  static override styles = [theme, css`:host { display: block; }`];

  declare kind: Kind;
  declare token: string;
  declare state: 'idle' | 'working' | 'done' | 'invalid' | 'error';
  declare message: string | undefined;
  private readonly i18n = new LocaleController(this);

  constructor() {
    super();
    this.kind = 'verify';
    this.token = '';
    this.state = 'idle';
    this.message = undefined;
  }

  private get heading() {
    return this.kind === 'verify' ? at('verify.title') : this.kind === 'login' ? at('loginLink.landingTitle') : at('emailChange.confirmTitle');
  }

  override firstUpdated(): void {
    if (this.kind === 'verify') void this.confirm();
  }

  override updated(): void {
    setPageTitle(this.heading);
  }

  private async confirm(): Promise<void> {
    if (this.state === 'working') return;
    this.state = 'working';
    if (this.kind === 'login') {
      const r = await accountsApi.confirmLoginLink(this.token);
      if (r.ok) {
        session.set(r.data.user);
        navigate('/compte');
        return;
      }
      return this.fail(r.error);
    }
    if (this.kind === 'verify') {
      const r = await accountsApi.confirmVerification(this.token);
      if (!r.ok) return this.fail(r.error);
      this.message = at('verify.done');
    } else {
      const r = await accountsApi.confirmEmailChange(this.token);
      if (!r.ok) return this.fail(r.error);
      this.message = at('emailChange.done', { email: r.data.email });
    }
    if (session.me) await session.load();
    this.state = 'done';
  }

  private fail(error: Parameters<typeof errorMessage>[0]): void {
    this.state = error.code === 'link_invalid' || error.code === 'validation_failed' ? 'invalid' : 'error';
    this.message = this.state === 'invalid' ? at('link.invalid') : errorMessage(error);
  }

  override render() {
    const askNew = this.kind === 'login' ? '/lien-de-connexion' : this.kind === 'verify' ? '/compte' : '/compte';
    return html`
      <h1>${this.heading}</h1>
      ${this.state === 'idle' && this.kind !== 'verify'
        ? html`<p>${this.kind === 'login' ? at('loginLink.landingIntro') : ''}</p>
            <div class="actions">
              <button type="button" @click=${this.confirm}>${this.kind === 'login' ? at('loginLink.confirm') : at('emailChange.confirm')}</button>
            </div>`
        : nothing}
      ${this.state === 'working' ? html`<p role="status">${at('link.working')}</p>` : nothing}
      ${this.state === 'done'
        ? html`<div class="alert success" role="status"><p>${this.message}</p></div>
            <p><a href="/compte">${at('verify.toAccount')}</a></p>`
        : nothing}
      ${this.state === 'invalid' || this.state === 'error'
        ? html`<div class="alert" role="alert"><p>${this.message}</p></div>
            <p><a href=${askNew}>${at('link.askNew')}</a></p>`
        : nothing}
    `;
  }
}

customElements.define('link-landing-page', LinkLandingPage);

declare global {
  interface HTMLElementTagNameMap {
    'link-landing-page': LinkLandingPage;
  }
}
