import { LitElement, html, nothing } from 'lit';
import type { ProfileView } from '../../../shared/profiles.schema.ts';
import type { ApiError } from '../api/api.ts';
import { setPageTitle } from '../app/navigate.ts';
import { session } from '../app/session.ts';
import { theme } from '../app/theme.ts';
import { errorMessage } from '../i18n/errors.ts';
import { LocaleController } from '../i18n/i18n.ts';
import { pt } from './i18n.ts';
import { avatarOf, cardStyles } from './member-card.ts';
import { profilesApi } from './profiles.api.ts';

/** `/membres/:id`: a member's profile, as I may see it, with their record of exchanges. */
export class MemberProfilePage extends LitElement {
  static override properties = { userId: { attribute: 'user-id' }, profile: { state: true }, error: { state: true } };
  declare userId: string;
  declare profile: ProfileView | null;
  declare error: ApiError | null;
  private readonly locale = new LocaleController(this);

  constructor() {
    super();
    this.userId = '';
    this.profile = null;
    this.error = null;
  }

  static override styles = [theme, cardStyles];

  override updated(changed: Map<string, unknown>) {
    if (changed.has('userId') && this.userId) void this.load();
  }

  private async load() {
    const r = await profilesApi.get(this.userId);
    this.profile = r.ok ? r.data : null;
    this.error = r.ok ? null : r.error;
    if (this.profile) setPageTitle(this.profile.displayName);
  }

  override render() {
    void this.locale;
    if (this.error) return html`<p role="alert">${this.error.code === 'not_found' ? pt('profile.notFound') : errorMessage(this.error)}</p>`;
    const p = this.profile;
    if (!p) return html`<p>${pt('profile.loading')}</p>`;
    return html`<div class="head">${avatarOf(p, 6)}<div><h1>${p.displayName}</h1>
        ${p.communeName ? html`<p class="muted">${p.communeName}${p.distanceKm !== null ? ` · ${p.distanceKm} km` : ''}</p>` : nothing}</div></div>
      ${p.bio ? html`<p>${p.bio}</p>` : nothing}
      ${p.offers.length ? html`<p><strong>${pt('members.offers')} :</strong> ${p.offers.map((s) => s.label).join(', ')}</p>` : nothing}
      ${p.seeks.length ? html`<p><strong>${pt('members.seeks')} :</strong> ${p.seeks.map((s) => s.label).join(', ')}</p>` : nothing}
      ${p.availability.length ? html`<p><strong>${pt('profile.availability')} :</strong> ${p.availability.join(', ')}</p>` : nothing}
      ${p.languages.length ? html`<p><strong>${pt('profile.languages')} :</strong> ${p.languages.join(', ')}</p>` : nothing}
      ${p.sharedPlaces.length ? html`<p>${pt('profile.places', { places: p.sharedPlaces.join(', ') })}</p>` : nothing}
      <h2>${pt('profile.record', { count: p.record.given })}</h2>
      ${p.record.recent.length
        ? html`<ul>${p.record.recent.map(
            (x) => html`<li>${pt('profile.gaveReceived', { gave: x.gave, received: x.received })}${x.with ? html` — <a href="/membres/${x.with.userId}">${pt('profile.with', { name: x.with.displayName })}</a>` : nothing}</li>`,
          )}</ul>`
        : nothing}
      ${p.isMe
        ? html`<p><a href="/profil">${pt('profile.edit')}</a></p>`
        : session.me
          ? html`<p><a href="/echanges?avec=${p.userId}">${pt('profile.propose')}</a></p>`
          : nothing}`;
  }
}
customElements.define('member-profile-page', MemberProfilePage);
