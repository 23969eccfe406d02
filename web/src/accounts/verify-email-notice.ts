import { LitElement, css, html, nothing } from 'lit';
import { SessionController } from '../app/session.ts';
import { theme } from '../app/theme.ts';
import { errorMessage } from '../i18n/errors.ts';
import { LocaleController } from '../i18n/i18n.ts';
import { accountsApi } from './accounts.api.ts';
import { at } from './i18n.ts';

/** A notice for a member whose address is not confirmed, with a button to get a new link. Renders nothing otherwise. */
export class VerifyEmailNotice extends LitElement {
  static override properties = { message: { state: true }, failed: { state: true }, sending: { state: true } };
  static override styles = [theme, css`:host { display: block; }`];

  declare message: string | undefined;
  declare failed: boolean;
  declare sending: boolean;
  private readonly i18n = new LocaleController(this);
  private readonly session = new SessionController(this);

  constructor() {
    super();
    this.message = undefined;
    this.failed = false;
    this.sending = false;
  }

  private async resend(): Promise<void> {
    this.sending = true;
    const r = await accountsApi.resendVerification();
    this.sending = false;
    this.failed = !r.ok;
    this.message = r.ok ? at('verify.resent', { email: this.session.me?.email ?? '' }) : errorMessage(r.error);
  }

  override render() {
    const me = this.session.me;
    if (!me || me.emailVerified) return nothing;
    return html`<div class="alert" role="region" aria-label=${at('verify.title')}>
      <p>${at('verify.notice')}</p>
      <button type="button" class="secondary" ?disabled=${this.sending} @click=${this.resend}>${at('verify.resend')}</button>
      <div role="status">${this.message ? html`<p>${this.message}</p>` : nothing}</div>
    </div>`;
  }
}

customElements.define('verify-email-notice', VerifyEmailNotice);

declare global {
  interface HTMLElementTagNameMap {
    'verify-email-notice': VerifyEmailNotice;
  }
}
