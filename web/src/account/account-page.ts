import { LitElement, css, html } from 'lit';
import { setPageTitle } from '../app/navigate.ts';
import { SessionController } from '../app/session.ts';
import { theme } from '../app/theme.ts';
import { LocaleController, t } from '../i18n/i18n.ts';
import { accountsApi } from '../accounts/accounts.api.ts';
import '../accounts/email-change-form.ts';
import { at } from '../accounts/i18n.ts';
import '../accounts/verify-email-notice.ts';
import './password-form.ts';
import './session-list.ts';
import type { SessionList } from './session-list.ts';

/** `/compte`: who I am, my sessions, my password. The full profile comes later; this is its placeholder. */
export class AccountPage extends LitElement {
  static override properties = { animates: { state: true } };
  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.4rem 1.25rem;
        margin: 0 0 1rem;
      }
      dt {
        font-weight: 700;
      }
      dd {
        margin: 0;
        min-width: 0;
      }
      @media (max-width: 30rem) {
        dl {
          grid-template-columns: 1fr;
          gap: 0.1rem;
        }
        dd + dt {
          margin-top: 0.6rem;
        }
      }
      .profile-note {
        color: var(--m-muted);
        margin: 1rem 0 0;
      }
      section {
        margin-top: 2rem;
      }
    `,
  ];

  /** Whether the member animates a place, and so may invite people to it. */
  declare animates: boolean;
  private readonly i18n = new LocaleController(this);
  private readonly session = new SessionController(this);

  constructor() {
    super();
    this.animates = false;
  }

  override async firstUpdated(): Promise<void> {
    // Admins get every place here; for others the list is the places they animate.
    if (this.session.me?.role === 'admin') return;
    const r = await accountsApi.places();
    this.animates = r.ok && r.data.places.length > 0;
  }

  override updated(): void {
    setPageTitle(t('account.title'));
  }

  override render() {
    const me = this.session.me;
    if (!me) return html``;
    return html`
      <h1>${t('account.title')}</h1>
      <verify-email-notice></verify-email-notice>
      <div class="card">
        <dl>
          <dt>${t('account.name')}</dt>
          <dd data-testid="account-name">${me.displayName}</dd>
          <dt>${t('account.email')}</dt>
          <dd>${me.email}</dd>
          <dt>${t('account.role')}</dt>
          <dd>${t(`role.${me.role}`)}</dd>
        </dl>
        <p class="profile-note">${t('account.profile')} <a href="/profil">${t('account.profileLink')}</a></p>
        ${me.role === 'admin'
          ? html`<p><a href="/admin/comptes">${at('admin.title')}</a> · <a href="/invitations">${at('invitations.title')}</a></p>`
          : this.animates
            ? html`<p><a href="/invitations">${at('invitations.title')}</a></p>`
            : ''}
      </div>
      <section>
        <session-list></session-list>
      </section>
      <section>
        <password-form
          @password-changed=${() => this.renderRoot.querySelector<SessionList>('session-list')?.reload()}
        ></password-form>
      </section>
      <section>
        <email-change-form></email-change-form>
      </section>
    `;
  }
}

customElements.define('account-page', AccountPage);

declare global {
  interface HTMLElementTagNameMap {
    'account-page': AccountPage;
  }
}
