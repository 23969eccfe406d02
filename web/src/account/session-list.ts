import { LitElement, css, html, nothing } from 'lit';
import type { SessionView } from '../../../shared/auth.schema.ts';
import type { ApiError } from '../api/api.ts';
import { authApi } from '../api/auth.api.ts';
import { navigate } from '../app/navigate.ts';
import { session } from '../app/session.ts';
import { theme } from '../app/theme.ts';
import { alertRegion, statusRegion } from '../forms/fields.ts';
import { errorMessage } from '../i18n/errors.ts';
import { LocaleController, formatDateTime, t } from '../i18n/i18n.ts';

/** "Mes sessions actives": the member's sessions, ending one, or all of them. */
export class SessionList extends LitElement {
  static override properties = {
    sessions: { state: true },
    error: { state: true },
    status: { state: true },
    busy: { state: true },
  };
  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      ul {
        list-style: none;
        margin: 0 0 1.5rem;
        padding: 0;
        display: grid;
        gap: 0.75rem;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
        justify-content: space-between;
      }
      li.current {
        border-color: var(--m-primary);
        border-width: 2px;
      }
      .what p {
        margin: 0;
      }
      .device {
        font-weight: 700;
      }
      .badge {
        display: inline-block;
        margin-left: 0.5rem;
        padding: 0 0.5rem;
        border-radius: 999px;
        background: var(--m-soft);
        color: var(--m-primary);
        font-size: 0.85rem;
        font-weight: 700;
        vertical-align: middle;
      }
      .when {
        color: var(--m-muted);
        font-size: 0.95rem;
      }
    `,
  ];

  declare sessions: SessionView[] | undefined;
  declare error: ApiError | undefined;
  declare status: string | undefined;
  declare busy: boolean;
  private readonly i18n = new LocaleController(this);

  constructor() {
    super();
    this.sessions = undefined;
    this.error = undefined;
    this.status = undefined;
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.reload();
  }

  async reload(): Promise<void> {
    const result = await authApi.sessions();
    if (result.ok) {
      // This device first, then the most recently used.
      this.sessions = [...result.data.sessions].sort(
        (a, b) => Number(b.current) - Number(a.current) || b.lastUsedAt.localeCompare(a.lastUsedAt),
      );
      this.error = undefined;
    } else this.error = result.error;
  }

  private async end(s: SessionView): Promise<void> {
    this.busy = true;
    this.status = undefined;
    const result = await authApi.endSession(s.id);
    this.busy = false;
    if (!result.ok) {
      this.error = result.error;
      return;
    }
    this.error = undefined;
    this.status = t('sessions.ended');
    await this.reload();
    // The buttons just removed held focus; keep it in the list rather than lose it to the page.
    this.renderRoot.querySelector<HTMLElement>('h2, ul')?.focus();
  }

  private async logOutEverywhere(): Promise<void> {
    this.busy = true;
    const error = await session.logOut(true);
    this.busy = false;
    if (error) this.error = error;
    else navigate('/');
  }

  override render() {
    return html`
      <h2 id="sessions-title" tabindex="-1">${t('sessions.title')}</h2>
      <p>${t('sessions.intro')}</p>
      ${alertRegion(this.error ? errorMessage(this.error) : undefined)} ${statusRegion(this.status)}
      ${this.sessions === undefined
        ? this.error
          ? nothing
          : html`<p>${t('sessions.loading')}</p>`
        : html`<ul aria-labelledby="sessions-title">
            ${this.sessions.map(
              (s) => html`<li class="card ${s.current ? 'current' : ''}">
                <div class="what">
                  <p>
                    <span class="device">${s.device}</span>${s.current
                      ? html`<span class="badge">${t('sessions.current')}</span>`
                      : nothing}
                  </p>
                  <p class="when">${t('sessions.lastUsed', { date: formatDateTime(s.lastUsedAt) })}</p>
                  <p class="when">${t('sessions.started', { date: formatDateTime(s.createdAt) })}</p>
                </div>
                ${s.current
                  ? nothing
                  : html`<button
                      type="button"
                      class="danger"
                      ?disabled=${this.busy}
                      aria-label=${t('sessions.endLabel', { device: s.device, date: formatDateTime(s.lastUsedAt) })}
                      @click=${() => this.end(s)}
                    >
                      ${t('sessions.end')}
                    </button>`}
              </li>`,
            )}
          </ul>`}
      <div class="actions">
        <button type="button" class="secondary" ?disabled=${this.busy} @click=${this.logOutEverywhere}>
          ${t('sessions.logoutEverywhere')}
        </button>
      </div>
      <p class="hint">${t('sessions.logoutEverywhereHint')}</p>
    `;
  }
}

customElements.define('session-list', SessionList);

declare global {
  interface HTMLElementTagNameMap {
    'session-list': SessionList;
  }
}
