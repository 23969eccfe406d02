import { LitElement, html, nothing } from 'lit';
import type { DirectoryPage } from '../../../shared/profiles.schema.ts';
import type { ApiError } from '../api/api.ts';
import { setPageTitle } from '../app/navigate.ts';
import { session } from '../app/session.ts';
import { theme } from '../app/theme.ts';
import { errorMessage } from '../i18n/errors.ts';
import { LocaleController } from '../i18n/i18n.ts';
import { pt } from './i18n.ts';
import { cardStyles, memberCard } from './member-card.ts';
import { profilesApi } from './profiles.api.ts';

/** `/membres`: the directory of members (visitors see public profiles only). */
export class MemberDirectoryPage extends LitElement {
  static override properties = { result: { state: true }, error: { state: true }, suggestions: { state: true } };
  declare result: DirectoryPage | null;
  declare error: ApiError | null;
  declare suggestions: string[];
  private readonly locale = new LocaleController(this);
  private query: Record<string, string> = {};

  constructor() {
    super();
    this.result = null;
    this.error = null;
    this.suggestions = [];
  }

  static override styles = [theme, cardStyles];

  override connectedCallback(): void {
    super.connectedCallback();
    setPageTitle(pt('members.title'));
    this.query = Object.fromEntries(new URLSearchParams(location.search));
    void this.load();
  }

  private async load() {
    const r = await profilesApi.directory(this.query);
    this.result = r.ok ? r.data : null;
    this.error = r.ok ? null : r.error;
  }

  private submit(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    this.query = Object.fromEntries([...data].filter(([, v]) => v !== '').map(([k, v]) => [k, String(v)]));
    history.replaceState(null, '', `/membres?${new URLSearchParams(this.query)}`);
    void this.load();
  }

  private async suggest(e: InputEvent) {
    const q = (e.target as HTMLInputElement).value;
    if (q.trim().length < 1) return;
    const r = await profilesApi.skills(q);
    if (r.ok) this.suggestions = r.data.skills.map((s) => s.label);
  }

  private go(page: number) {
    this.query = { ...this.query, page: String(page) };
    void this.load();
  }

  override render() {
    void this.locale;
    const r = this.result;
    const q = this.query;
    return html`<h1>${pt('members.title')}</h1>
      <p>${pt('members.lead')}</p>
      <form @submit=${this.submit} role="search">
        <label>${pt('members.q')} <input name="q" .value=${q.q ?? ''} maxlength="80" /></label>
        <label>${pt('members.skill')} <input name="skill" list="skill-list" .value=${q.skill ?? ''} maxlength="60" @input=${this.suggest} /></label>
        <datalist id="skill-list">${this.suggestions.map((s) => html`<option value=${s}></option>`)}</datalist>
        <label>${pt('members.kind')}
          <select name="kind">
            ${(['any', 'offer', 'seek'] as const).map((k) => html`<option value=${k} ?selected=${q.kind === k}>${pt(`members.kind.${k}`)}</option>`)}
          </select>
        </label>
        ${session.me ? html`<label>${pt('members.radius')} <input name="radiusKm" type="number" min="1" max="300" .value=${q.radiusKm ?? ''} /></label>` : nothing}
        <button type="submit">${pt('members.search')}</button>
      </form>
      ${this.error ? html`<p role="alert" class="error">${errorMessage(this.error)}</p>` : nothing}
      ${r
        ? html`<p aria-live="polite">${pt('members.total', { count: r.total })}</p>
            ${r.members.length ? html`<ul class="members">${r.members.map((m) => memberCard(m))}</ul>` : html`<p>${pt('members.empty')}</p>`}
            <p>
              ${r.page > 1 ? html`<button type="button" class="secondary" @click=${() => this.go(r.page - 1)}>${pt('members.prev')}</button>` : nothing}
              ${r.page * r.pageSize < r.total ? html`<button type="button" class="secondary" @click=${() => this.go(r.page + 1)}>${pt('members.more')}</button>` : nothing}
            </p>`
        : nothing}`;
  }
}
customElements.define('member-directory-page', MemberDirectoryPage);
