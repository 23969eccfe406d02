import { LitElement, css, html, nothing } from 'lit';
import type { MemberAdminView } from '../../../shared/accounts.schema.ts';
import { networkRoles, type NetworkRole } from '../../../shared/auth.schema.ts';
import { setPageTitle } from '../app/navigate.ts';
import { session } from '../app/session.ts';
import { theme } from '../app/theme.ts';
import { alertRegion, field, statusRegion } from '../forms/fields.ts';
import { errorMessage } from '../i18n/errors.ts';
import { LocaleController } from '../i18n/i18n.ts';
import { accountsApi } from './accounts.api.ts';
import { at } from './i18n.ts';

/** `/admin/comptes`: sign-ups on invitation or not, network roles, animators of places (admins). */
export class AdminAccountsPage extends LitElement {
  static override properties = {
    invitationOnly: { state: true },
    query: { state: true },
    members: { state: true },
    places: { state: true },
    animatorPlace: { state: true },
    animatorUser: { state: true },
    error: { state: true },
    saved: { state: true },
  };
  static override styles = [
    theme,
    css`
      :host { display: block; }
      section { margin: 0 0 2rem; }
      ul.members { list-style: none; padding: 0; }
      ul.members li { padding: 0.75rem 0; border-bottom: 1px solid var(--m-soft); }
      .meta { color: var(--m-muted); font-size: 0.9rem; }
      select { font: inherit; min-height: 2.75rem; padding: 0.25rem 0.5rem; }
      .check { display: flex; gap: 0.6rem; align-items: center; }
      .check input { width: 1.4rem; height: 1.4rem; margin: 0; }
      .row { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; }
    `,
  ];

  declare invitationOnly: boolean | undefined;
  declare query: string;
  declare members: MemberAdminView[];
  declare places: { id: string; name: string }[];
  declare animatorPlace: string;
  declare animatorUser: string;
  declare error: string | undefined;
  declare saved: string | undefined;
  private readonly i18n = new LocaleController(this);

  constructor() {
    super();
    this.invitationOnly = undefined;
    this.query = '';
    this.members = [];
    this.places = [];
    this.animatorPlace = '';
    this.animatorUser = '';
    this.error = undefined;
    this.saved = undefined;
  }

  override async firstUpdated(): Promise<void> {
    const [n, p] = await Promise.all([accountsApi.adminNetwork(), accountsApi.places()]);
    if (n.ok) this.invitationOnly = n.data.invitationOnly;
    else this.error = errorMessage(n.error);
    if (p.ok) this.places = p.data.places;
    await this.search();
  }

  override updated(): void {
    setPageTitle(at('admin.title'));
  }

  private async search(e?: Event): Promise<void> {
    e?.preventDefault();
    const r = await accountsApi.members(this.query.trim());
    if (r.ok) this.members = r.data.members;
    else this.error = errorMessage(r.error);
  }

  private async setInvitationOnly(value: boolean): Promise<void> {
    const r = await accountsApi.setNetwork({ invitationOnly: value });
    if (r.ok) {
      this.invitationOnly = r.data.invitationOnly;
      this.saved = at('admin.saved');
      this.error = undefined;
    } else this.error = errorMessage(r.error);
  }

  private async setRole(m: MemberAdminView, role: NetworkRole, select: HTMLSelectElement): Promise<void> {
    const r = await accountsApi.setRole(m.id, role);
    if (r.ok) {
      this.saved = at('admin.saved');
      this.error = undefined;
      if (m.id === session.me?.id) await session.load();
      await this.search();
    } else {
      select.value = m.role;
      this.error = errorMessage(r.error);
    }
  }

  private async nameAnimator(e: Event): Promise<void> {
    e.preventDefault();
    if (!this.animatorPlace || !this.animatorUser) return;
    const r = await accountsApi.nameAnimator(this.animatorPlace, this.animatorUser);
    if (r.ok) {
      this.saved = at('admin.saved');
      this.error = undefined;
      await this.search();
    } else this.error = errorMessage(r.error);
  }

  private async removeAnimator(placeId: string, userId: string): Promise<void> {
    const r = await accountsApi.removeAnimator(placeId, userId);
    if (r.ok) await this.search();
    else this.error = errorMessage(r.error);
  }

  override render() {
    return html`
      <h1>${at('admin.title')}</h1>
      ${alertRegion(this.error)} ${statusRegion(this.saved)}
      <p><a href="/invitations">${at('invitations.title')}</a> · <a href="/admin/courriels">${at('outbox.title')}</a></p>
      <section>
        <h2>${at('admin.network')}</h2>
        ${this.invitationOnly === undefined
          ? nothing
          : html`<div class="check">
              <input id="invitation-only" type="checkbox" .checked=${this.invitationOnly}
                @change=${(e: Event) => this.setInvitationOnly((e.target as HTMLInputElement).checked)} />
              <label for="invitation-only">${at('admin.invitationOnly')}</label>
            </div>`}
      </section>
      <section>
        <h2>${at('admin.members')}</h2>
        <form novalidate @submit=${this.search}>
          ${field({ id: 'member-search', label: at('admin.search'), value: this.query, required: false, onInput: (v) => (this.query = v) })}
          <div class="actions"><button type="submit">${at('admin.searchSubmit')}</button></div>
        </form>
        <ul class="members">
          ${this.members.map(
            (m) => html`<li>
              <div class="row">
                <strong>${m.displayName}</strong>
                <span class="meta">${m.email} · ${m.emailVerified ? at('admin.verified') : at('admin.unverified')}</span>
                <select id=${`role-${m.id}`} aria-label=${at('admin.role', { name: m.displayName })}
                  @change=${(e: Event) => this.setRole(m, (e.target as HTMLSelectElement).value as NetworkRole, e.target as HTMLSelectElement)}>
                  ${networkRoles.map((r) => html`<option value=${r} ?selected=${r === m.role}>${at(`admin.role.${r}`)}</option>`)}
                </select>
              </div>
              ${m.animates.length
                ? html`<div class="row">
                    ${m.animates.map(
                      (a) => html`<span>${at('admin.animates', { places: a.placeName ?? '' })}</span>
                        <button type="button" class="secondary" @click=${() => this.removeAnimator(a.placeId, m.id)}
                          aria-label=${at('admin.removeAnimator', { name: m.displayName, place: a.placeName ?? '' })}>✕</button>`,
                    )}
                  </div>`
                : nothing}
            </li>`,
          )}
        </ul>
      </section>
      <section>
        <h2>${at('admin.animators')}</h2>
        <form class="row" novalidate @submit=${this.nameAnimator}>
          <label for="animator-place">${at('admin.place')}</label>
          <select id="animator-place" @change=${(e: Event) => (this.animatorPlace = (e.target as HTMLSelectElement).value)}>
            <option value=""></option>
            ${this.places.map((p) => html`<option value=${p.id}>${p.name}</option>`)}
          </select>
          <label for="animator-user">${at('admin.member')}</label>
          <select id="animator-user" @change=${(e: Event) => (this.animatorUser = (e.target as HTMLSelectElement).value)}>
            <option value=""></option>
            ${this.members.map((m) => html`<option value=${m.id}>${m.displayName} (${m.email})</option>`)}
          </select>
          <button type="submit">${at('admin.nameAnimator')}</button>
        </form>
      </section>
    `;
  }
}

customElements.define('admin-accounts-page', AdminAccountsPage);

declare global {
  interface HTMLElementTagNameMap {
    'admin-accounts-page': AdminAccountsPage;
  }
}
