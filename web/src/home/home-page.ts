import { LitElement, css, html } from 'lit';
import { setPageTitle } from '../app/navigate.ts';
import { SessionController } from '../app/session.ts';
import { theme } from '../app/theme.ts';
import { LocaleController, t } from '../i18n/i18n.ts';

/** `/`: what Maillage is, and the way in. */
export class HomePage extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      .lead {
        font-size: 1.15rem;
        max-width: 38rem;
      }
      .card {
        margin-top: 2rem;
        max-width: 38rem;
      }
      .card h2 {
        margin-top: 0;
      }
    `,
  ];

  private readonly i18n = new LocaleController(this);
  private readonly session = new SessionController(this);

  override updated(): void {
    setPageTitle(t('app.name'));
  }

  override render() {
    const me = this.session.me;
    return html`
      <h1>${t('home.title')}</h1>
      <p class="lead">${t('home.lead')}</p>
      <p class="lead">${t('home.lead2')}</p>
      ${me
        ? html`<div class="card">
            <h2>${t('home.welcome', { name: me.displayName })}</h2>
            <p>${t('home.welcomeText')}</p>
            <div class="actions"><a class="button" href="/compte">${t('home.goAccount')}</a></div>
          </div>`
        : html`<div class="card">
            <h2>${t('home.ctaTitle')}</h2>
            <p>${t('home.ctaText')}</p>
            <div class="actions">
              <a class="button" href="/inscription">${t('nav.signup')}</a>
              <a class="button secondary" href="/connexion">${t('nav.login')}</a>
            </div>
          </div>`}
    `;
  }
}

customElements.define('home-page', HomePage);

declare global {
  interface HTMLElementTagNameMap {
    'home-page': HomePage;
  }
}
