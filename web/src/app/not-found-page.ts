import { LitElement, css, html } from 'lit';
import { LocaleController, t } from '../i18n/i18n.ts';
import { setPageTitle } from './navigate.ts';
import { theme } from './theme.ts';

/** Any address that is no page of the app. */
export class NotFoundPage extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);

  override updated(): void {
    setPageTitle(t('notFound.title'));
  }

  override render() {
    return html`
      <h1>${t('notFound.title')}</h1>
      <p>${t('notFound.text')}</p>
      <p><a class="button" href="/">${t('notFound.home')}</a></p>
    `;
  }
}

customElements.define('not-found-page', NotFoundPage);

declare global {
  interface HTMLElementTagNameMap {
    'not-found-page': NotFoundPage;
  }
}
