import { Router } from '@lit-labs/router';
import { LitElement, css, html, nothing } from 'lit';
import type { ApiError } from '../api/api.ts';
import { errorMessage } from '../i18n/errors.ts';
import { LocaleController, t } from '../i18n/i18n.ts';
import { currentNext, navigate, withNext } from './navigate.ts';
import { SessionController, session } from './session.ts';
import { theme } from './theme.ts';
import '../account/account-page.ts';
import { accountsRoutes } from '../accounts/routes.ts';
import '../auth/login-page.ts';
import '../auth/signup-page.ts';
import '../home/home-page.ts';
import '../rooms/room-list-page.ts';
import '../rooms/room-page.ts';
import { rt } from '../rooms/i18n.ts';
import { pt } from '../places/i18n.ts';
import { placesRoutes } from '../places/routes.ts';
import { pt as profilesT } from '../profiles/i18n.ts';
import { profilesRoutes } from '../profiles/routes.ts';
import '../setup/setup-page.ts';
import './language-switch.ts';
import './not-found-page.ts';

/** Pages for members only send visitors to the log-in page, and back here afterwards. */
async function membersOnly(): Promise<boolean> {
  await session.ready;
  if (session.me) return true;
  navigate(withNext('/connexion', location.pathname), { replace: true });
  return false;
}

/** The log-in and sign-up pages are for visitors; a member goes on to where they were heading. */
async function visitorsOnly(): Promise<boolean> {
  await session.ready;
  if (!session.me) return true;
  navigate(currentNext() ?? '/compte', { replace: true });
  return false;
}

/** The shell: header, navigation, language, and the routed page in `<main>`. */
export class MaillageApp extends LitElement {
  static override properties = { logoutError: { state: true } };
  static override styles = [
    theme,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 100vh;
        background: var(--m-bg);
      }
      .skip {
        position: absolute;
        left: 0.5rem;
        top: -100vh;
        z-index: 10;
        padding: 0.5rem 1rem;
        background: var(--m-surface);
        border: 2px solid var(--m-primary);
        border-radius: var(--m-radius);
        font-weight: 700;
      }
      .skip:focus {
        top: 0.5rem;
      }
      header {
        background: var(--m-surface);
        border-bottom: 3px solid var(--m-primary);
      }
      .bar {
        max-width: 68rem;
        margin: 0 auto;
        padding: 0.75rem 1rem 0.5rem;
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 0.5rem 1rem;
      }
      .brand {
        display: flex;
        flex-direction: column;
        text-decoration: none;
        color: var(--m-text);
        flex: 1 1 7rem;
        min-width: 0;
      }
      .brand strong {
        font-size: 1.5rem;
        color: var(--m-primary);
        line-height: 1.2;
      }
      .brand span {
        font-size: 0.85rem;
        color: var(--m-muted);
      }
      nav {
        max-width: 68rem;
        margin: 0 auto;
        padding: 0 1rem 0.5rem;
      }
      nav ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.25rem 1.25rem;
      }
      nav a {
        display: inline-block;
        padding: 0.35rem 0.1rem;
        font-weight: 600;
        border-bottom: 4px solid transparent;
      }
      nav a[aria-current='page'] {
        text-decoration: none;
        border-bottom-color: var(--m-primary);
      }
      nav button {
        min-height: 2.5rem;
        padding: 0.25rem 0.9rem;
      }
      main {
        flex: 1;
        width: 100%;
        max-width: 68rem;
        margin: 0 auto;
        padding: 1.5rem 1rem 3rem;
      }
      main:focus {
        outline: none;
      }
      .banner {
        max-width: 68rem;
        margin: 1rem auto 0;
        padding: 0 1rem;
        width: 100%;
      }
      .banner .alert {
        margin: 0;
      }
      footer {
        border-top: 1px solid #d6d9d4;
        color: var(--m-muted);
        font-size: 0.9rem;
      }
      footer p {
        max-width: 68rem;
        margin: 0 auto;
        padding: 1rem;
      }
      @media (min-width: 48rem) {
        .bar {
          padding: 1rem 1.5rem 0.5rem;
        }
        nav {
          padding: 0 1.5rem 0.5rem;
        }
        main {
          padding: 2.5rem 1.5rem 4rem;
        }
      }
    `,
  ];

  declare logoutError: ApiError | undefined;
  private readonly i18n = new LocaleController(this);
  private readonly session = new SessionController(this);
  private readonly router = new Router(
    this,
    [
      { path: '/', render: () => html`<home-page></home-page>` },
      { path: '/inscription', enter: visitorsOnly, render: () => html`<signup-page></signup-page>` },
      { path: '/connexion', enter: visitorsOnly, render: () => html`<login-page></login-page>` },
      { path: '/compte', enter: membersOnly, render: () => html`<account-page></account-page>` },
      { path: '/salles', enter: membersOnly, render: () => html`<room-list-page></room-list-page>` },
      { path: '/salles/:id', enter: membersOnly, render: ({ id }) => html`<room-page room-id=${id ?? ''}></room-page>` },
      { path: '/setup/:token', render: ({ token }) => html`<setup-page .token=${token ?? ''}></setup-page>` },
      ...accountsRoutes({ membersOnly, visitorsOnly }),
      ...placesRoutes(),
      ...profilesRoutes({ membersOnly }),
    ],
    { fallback: { render: () => html`<not-found-page></not-found-page>` } },
  );
  private shownPath: string | undefined;

  constructor() {
    super();
    this.logoutError = undefined;
  }

  override updated(): void {
    // After a client-side navigation, start reading (and tabbing) from the new page, at its top.
    const path = location.pathname + location.search;
    if (this.shownPath !== undefined && this.shownPath !== path) {
      window.scrollTo(0, 0);
      this.renderRoot.querySelector<HTMLElement>('main')?.focus({ preventScroll: true });
    }
    if (session.loaded) this.shownPath = path;
  }

  private skipToContent(e: Event): void {
    e.preventDefault(); // handled here: the router must not treat it as a navigation
    this.renderRoot.querySelector<HTMLElement>('main')?.focus();
  }

  private async logOut(): Promise<void> {
    const error = await session.logOut();
    this.logoutError = error ?? undefined;
    if (!error) navigate('/');
  }

  private navLink(href: string, label: string) {
    return html`<li><a href=${href} aria-current=${location.pathname === href ? 'page' : nothing}>${label}</a></li>`;
  }

  override render() {
    const me = this.session.me;
    const loadError = session.loadError;
    const problem = this.logoutError
      ? errorMessage(this.logoutError)
      : loadError
        ? loadError.code === 'network' ? t('app.offline') : errorMessage(loadError)
        : undefined;
    return html`
      <a class="skip" href="#main" @click=${this.skipToContent}>${t('app.skipLink')}</a>
      <header>
        <div class="bar">
          <a class="brand" href="/">
            <strong>${t('app.name')}</strong>
            <span>${t('app.tagline')}</span>
          </a>
          <language-switch></language-switch>
        </div>
        <nav aria-label=${t('app.mainNav')}>
          <ul>
            ${this.navLink('/', t('nav.home'))} ${this.navLink('/lieux', pt('places.title'))} ${this.navLink('/membres', profilesT('members.title'))}
            ${me
              ? html`${this.navLink('/salles', rt('rooms.title'))} ${this.navLink('/echanges', profilesT('exchanges.title'))} ${this.navLink('/profil', profilesT('edit.title'))} ${this.navLink('/compte', t('nav.account', { name: me.displayName }))}
                  <li><button type="button" class="secondary" @click=${this.logOut}>${t('nav.logout')}</button></li>`
              : html`${this.navLink('/connexion', t('nav.login'))} ${this.navLink('/inscription', t('nav.signup'))}`}
          </ul>
        </nav>
      </header>
      <div class="banner" role="alert">${problem ? html`<div class="alert"><p>${problem}</p></div>` : nothing}</div>
      <main id="main" tabindex="-1">${this.session.loaded ? this.router.outlet() : html`<p>${t('app.loading')}</p>`}</main>
      <footer><p>${t('app.footer')}</p></footer>
    `;
  }
}

customElements.define('maillage-app', MaillageApp);

declare global {
  interface HTMLElementTagNameMap {
    'maillage-app': MaillageApp;
  }
}
