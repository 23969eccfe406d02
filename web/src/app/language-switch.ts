import { LitElement, css, html } from 'lit';
import { locales, type Locale } from '../../../shared/locale.ts';
import { authApi } from '../api/auth.api.ts';
import { LocaleController, getLocale, setLocale, t } from '../i18n/i18n.ts';
import { session } from './session.ts';
import { theme } from './theme.ts';

const short: Record<Locale, string> = { fr: 'FR', en: 'EN' };

/**
 * Switches the interface language at once; the choice is kept in this browser, and on the
 * account of a logged-in member so that it follows them (and their e-mails).
 */
export async function chooseLanguage(locale: Locale): Promise<void> {
  setLocale(locale);
  const me = session.me;
  if (!me || me.locale === locale) return;
  const result = await authApi.updateMe({ locale });
  // Only the stored account changes here; the page already shows the chosen language.
  if (result.ok && session.me?.id === result.data.user.id) session.set(result.data.user);
}

/** The FR / EN buttons in the header. */
export class LanguageSwitch extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      .group {
        display: inline-flex;
        border: 2px solid var(--m-primary);
        border-radius: var(--m-radius);
        overflow: hidden;
      }
      button {
        min-height: 2.5rem;
        min-width: 3rem;
        padding: 0.25rem 0.75rem;
        border: 0;
        border-radius: 0;
        background: var(--m-surface);
        color: var(--m-primary);
      }
      button:hover {
        background: var(--m-soft);
        color: var(--m-primary-hover);
      }
      button[aria-pressed='true'] {
        background: var(--m-primary);
        color: var(--m-on-primary);
      }
      button:focus-visible {
        outline-offset: -5px;
        outline-color: var(--m-focus);
      }
      button[aria-pressed='true']:focus-visible {
        outline-color: #ffffff;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);

  override render() {
    const current = getLocale();
    return html`<div class="group" role="group" aria-label=${t('lang.label')}>
      ${locales.map(
        (l) => html`<button
          type="button"
          lang=${l}
          aria-pressed=${l === current ? 'true' : 'false'}
          aria-label=${`${short[l]} – ${t(`lang.${l}`)}`}
          @click=${() => chooseLanguage(l)}
        >
          ${short[l]}
        </button>`,
      )}
    </div>`;
  }
}

customElements.define('language-switch', LanguageSwitch);

declare global {
  interface HTMLElementTagNameMap {
    'language-switch': LanguageSwitch;
  }
}
