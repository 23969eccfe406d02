import { LitElement, css, html, nothing } from 'lit';
import { placeKinds, placeServices, type PlaceDetail, type PlacePresence } from '../../../shared/places.schema.ts';
import type { ApiError } from '../api/api.ts';
import { getSocket } from '../api/socket.ts';
import { setPageTitle } from '../app/navigate.ts';
import { SessionController, session } from '../app/session.ts';
import { theme } from '../app/theme.ts';
import { errorMessage } from '../i18n/errors.ts';
import { LocaleController, intlLocale } from '../i18n/i18n.ts';
import type { MemberPicked, MemberPicker } from '../profiles/member-picker.ts';
import '../profiles/member-picker.ts';
import { emitAck } from '../rooms/socket-ack.ts';
import { dayName, kindLabel, monthName, pt, serviceLabel } from './i18n.ts';
import { placesApi } from './places.api.ts';
import { hoursFields, monthsFields, readPlaceForm } from './place-form.ts';
import { placeCardStyles, placeFormStyles } from './place-styles.ts';
import { serviceIcon } from './service-icon.ts';

const time = (iso: string) =>
  new Intl.DateTimeFormat(intlLocale(), { timeStyle: 'short', timeZone: 'Europe/Paris' }).format(new Date(iso));

function monthsText(months: number[]): string {
  if (months.length === 12) return pt('place.allYear');
  if (!months.length) return pt('place.none');
  return months.map(monthName).join(', ');
}

/** `/lieux/:id`: a place's page; members see who works there today, live, and check in. */
export class PlacePage extends LitElement {
  static override properties = {
    placeId: { attribute: 'place-id' },
    place: { state: true },
    presence: { state: true },
    error: { state: true },
    actionError: { state: true },
    live: { state: true },
    busy: { state: true },
    saved: { state: true },
    hoursError: { state: true },
  };

  declare placeId: string;
  declare place: PlaceDetail | null;
  declare presence: PlacePresence | null;
  declare error: ApiError | null;
  declare actionError: ApiError | null;
  declare live: boolean;
  declare busy: boolean;
  declare saved: boolean;
  declare hoursError: string;

  private readonly locale = new LocaleController(this);
  private readonly session = new SessionController(this);
  private readonly onPresence = (p: PlacePresence) => {
    if (p.placeId === this.placeId) this.presence = p;
  };
  private readonly onConnect = () => void this.watch();
  private readonly onDisconnect = () => (this.live = false);

  constructor() {
    super();
    this.placeId = '';
    this.place = null;
    this.presence = null;
    this.error = null;
    this.actionError = null;
    this.live = false;
    this.busy = false;
    this.saved = false;
    this.hoursError = '';
  }

  static override styles = [
    theme,
    placeCardStyles,
    placeFormStyles,
    css`
      .back {
        margin-bottom: 1rem;
      }
      .grid {
        display: grid;
        gap: 1rem 2rem;
      }
      /* On a phone, who is here and the check-in come first. */
      .side {
        order: -1;
      }
      @media (min-width: 50rem) {
        .grid {
          grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
        }
        .side {
          order: 0;
        }
      }
      .membership {
        margin-top: 1rem;
      }
      ul.service-list,
      ul.people,
      ul.here {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      ul.service-list li {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        min-height: 2.25rem;
      }
      ul.people li,
      ul.here li {
        padding: 0.25rem 0;
      }
      table {
        border-collapse: collapse;
      }
      th,
      td {
        text-align: left;
        padding: 0.2rem 1rem 0.2rem 0;
        vertical-align: top;
      }
      th {
        font-weight: 600;
      }
      .here-box {
        border-left: 4px solid var(--m-primary);
        padding: 0.75rem 1rem;
        background: var(--m-surface);
        border-radius: 0 var(--m-radius) var(--m-radius) 0;
      }
      .here-box h2 {
        margin-top: 0;
      }
      .muted {
        color: var(--m-muted);
      }
      .description {
        white-space: pre-line;
      }
      form.edit textarea {
        min-height: 6rem;
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    if (session.me) {
      const s = getSocket();
      s.on('place:presence', this.onPresence);
      s.on('connect', this.onConnect);
      s.on('disconnect', this.onDisconnect);
      if (s.connected) void this.watch();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    const s = getSocket();
    s.off('place:presence', this.onPresence);
    s.off('connect', this.onConnect);
    s.off('disconnect', this.onDisconnect);
    if (s.connected && this.placeId) void emitAck(s, 'place:unwatch', { placeId: this.placeId });
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('placeId') && changed.get('placeId') !== undefined) void this.load();
  }

  private async load(): Promise<void> {
    if (!this.placeId) return;
    const r = await placesApi.place(this.placeId);
    if (r.ok) {
      this.place = r.data;
      // The live list wins once the socket has given one.
      if (!this.live) this.presence = r.data.presence;
      setPageTitle(r.data.name);
    } else this.error = r.error;
  }

  private async watch(): Promise<void> {
    const ack = await emitAck(getSocket(), 'place:watch', { placeId: this.placeId });
    if (ack.ok) {
      this.presence = ack.data;
      this.live = true;
    }
  }

  private async act(run: () => Promise<{ ok: true } | { ok: false; error: ApiError }>): Promise<void> {
    this.busy = true;
    this.actionError = null;
    const r = await run();
    this.busy = false;
    if (!r.ok) this.actionError = r.error;
    await this.load();
  }

  /** Acts on the member chosen in a picker, which is emptied once that worked. */
  private async pickFor(e: CustomEvent<MemberPicked>, run: (userId: string) => Promise<{ ok: true } | { ok: false; error: ApiError }>): Promise<void> {
    const picker = e.target as MemberPicker;
    await this.act(() => run(e.detail.userId));
    if (!this.actionError) picker.clear();
  }

  private async save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    this.saved = false;
    const read = readPlaceForm(data);
    if ('problem' in read) {
      this.hoursError = read.problem;
      return;
    }
    this.hoursError = '';
    await this.act(async () => {
      const r = await placesApi.update(this.placeId, read.fields);
      if (r.ok) this.saved = true;
      return r;
    });
  }

  private hours(p: PlaceDetail) {
    if (!p.openingHours.length) return html`<p>${pt('place.noHours')}</p>`;
    return html`<table>
      <caption class="muted" style="text-align:left">Europe/Paris</caption>
      <tbody>
        ${[1, 2, 3, 4, 5, 6, 7].map((d) => {
          const slots = p.openingHours.filter((h) => h.day === d).sort((a, b) => a.open.localeCompare(b.open));
          return html`<tr>
            <th scope="row">${dayName(d)}</th>
            <td>${slots.length ? slots.map((s) => `${s.open}–${s.close}`).join(', ') : html`<span class="muted">${pt('place.closed')}</span>`}</td>
          </tr>`;
        })}
      </tbody>
    </table>`;
  }

  private here(p: PlaceDetail) {
    const me = this.session.me;
    const presence = this.presence ?? p.presence;
    const checkedIn = Boolean(me && presence.present.some((x) => x.userId === me.id));
    return html`<section class="here-box" aria-labelledby="here-title">
      <h2 id="here-title">${pt('place.here')}</h2>
      ${presence.present.length
        ? html`<ul class="here" aria-live="polite">
            ${presence.present.map(
              (x) => html`<li data-user-id=${x.userId}><strong>${x.displayName}</strong> ${x.userId === me?.id ? pt('place.you') : nothing}
                <span class="muted">${pt('place.since', { time: time(x.since) })}</span></li>`,
            )}
          </ul>`
        : html`<p class="nobody" aria-live="polite">${pt('place.hereNobody')}</p>`}
      ${presence.othersCount ? html`<p class="muted">${pt('place.hereOthers', { count: presence.othersCount })}</p>` : nothing}
      ${me
        ? html`<p class="muted live">${this.live ? pt('place.live') : getSocket().connected ? nothing : pt('place.offline')}</p>
            ${checkedIn
              ? html`<p>${pt('place.checkedIn')}</p>
                  <button type="button" class="secondary" ?disabled=${this.busy} @click=${() => this.act(() => placesApi.checkOut())}>${pt('place.checkOut')}</button>`
              : html`<button type="button" ?disabled=${this.busy} @click=${() => this.act(() => placesApi.checkIn(this.placeId))}>${pt('place.checkIn')}</button>`}`
        : html`<p><a href="/connexion?next=${encodeURIComponent(location.pathname)}">${pt('place.hereVisitor')}</a></p>`}
    </section>`;
  }

  private people(title: string, list: { userId: string; displayName: string }[], removable: boolean) {
    return html`<h3>${title}</h3>
      ${list.length
        ? html`<ul class="people">
            ${list.map(
              (x) => html`<li>${x.displayName}
                ${removable
                  ? html`<button type="button" class="secondary" aria-label=${pt('place.removeMember', { name: x.displayName })}
                      @click=${() => this.act(() => placesApi.removeMember(this.placeId, x.userId))}>✕</button>`
                  : nothing}</li>`,
            )}
          </ul>`
        : html`<p class="muted">${pt('place.nobody')}</p>`}`;
  }

  private editForm(p: PlaceDetail) {
    return html`<details>
      <summary>${pt('place.edit')}</summary>
      <form class="edit stack" @submit=${this.save}>
        <div class="field"><label for="e-name">${pt('place.edit.name')}</label><input id="e-name" name="name" required maxlength="120" .value=${p.name} /></div>
        <div class="field">
          <label for="e-kind">${pt('place.edit.kind')}</label>
          <select id="e-kind" name="kind">${placeKinds.map((k) => html`<option value=${k} ?selected=${k === p.kind}>${kindLabel(k)}</option>`)}</select>
        </div>
        <div class="field"><label for="e-desc">${pt('place.edit.description')}</label><textarea id="e-desc" name="description" maxlength="4000" .value=${p.description}></textarea></div>
        <div class="field"><label for="e-address">${pt('place.edit.address')}</label><input id="e-address" name="address" maxlength="300" .value=${p.address} /></div>
        <div class="field"><label for="e-contact">${pt('place.edit.contact')}</label><input id="e-contact" name="contact" maxlength="500" .value=${p.contact} /></div>
        <fieldset>
          <legend>${pt('place.edit.services')}</legend>
          <div class="checks">
            ${placeServices.map((s) => html`<label><input type="checkbox" name="services" value=${s} ?checked=${p.services.includes(s)} />${serviceIcon(s, 22)} ${serviceLabel(s)}</label>`)}
          </div>
        </fieldset>
        ${hoursFields(p.openingHours)} ${monthsFields('monthsOpen', p.monthsOpen)} ${monthsFields('monthsRoomsFree', p.monthsRoomsFree)}
        <member-picker
          .label=${pt('place.nameAnimator')}
          .action=${pt('place.nameAnimatorSubmit')}
          @member-picked=${(e: CustomEvent<MemberPicked>) => void this.pickFor(e, (id) => placesApi.nameAnimator(this.placeId, id))}
        ></member-picker>
        <member-picker
          .label=${pt('place.manageMembers')}
          .action=${pt('place.addMember')}
          @member-picked=${(e: CustomEvent<MemberPicked>) => void this.pickFor(e, (id) => placesApi.addMember(this.placeId, id))}
        ></member-picker>
        ${this.hoursError ? html`<p class="alert" role="alert">${this.hoursError}</p>` : nothing}
        ${this.actionError ? html`<p class="alert" role="alert">${errorMessage(this.actionError)}</p>` : nothing}
        <button type="submit" ?disabled=${this.busy}>${pt('place.edit.save')}</button>
        ${this.saved ? html`<p class="alert success" role="status">${pt('place.edit.saved')}</p>` : nothing}
      </form>
    </details>`;
  }

  override render() {
    if (this.error) return html`<p class="back"><a href="/lieux">← ${pt('place.back')}</a></p><div class="alert" role="alert"><p>${errorMessage(this.error)}</p></div>`;
    const p = this.place;
    if (!p) return html`<p role="status">${pt('place.loading')}</p>`;
    const me = this.session.me;
    return html`
      <p class="back"><a href="/lieux">← ${pt('place.back')}</a></p>
      <h1>${p.name} ${p.demo ? html`<span class="tag">${pt('places.demo')}</span>` : nothing}</h1>
      <p class="meta">${kindLabel(p.kind)}${p.communeName ? html` · ${p.communeName}` : nothing}</p>
      <p class="status">
        <span class=${p.openNow ? 'open' : 'closed'}>${p.openNow ? pt('places.openNow') : pt('places.closedNow')}</span>
      </p>
      ${this.actionError ? html`<div class="alert" role="alert"><p>${errorMessage(this.actionError)}</p></div>` : nothing}
      <div class="grid">
        <div>
          ${p.description ? html`<p class="description">${p.description}</p>` : nothing}
          <h2>${pt('place.services')}</h2>
          ${p.services.length
            ? html`<ul class="service-list">${p.services.map((s) => html`<li>${serviceIcon(s, 28)}<span aria-hidden="true">${serviceLabel(s)}</span></li>`)}</ul>`
            : html`<p>${pt('place.noServices')}</p>`}
          <h2>${pt('place.hours')}</h2>
          ${this.hours(p)}
          <h2>${pt('place.seasons')}</h2>
          <p><strong>${pt('place.monthsOpen')}</strong> ${monthsText(p.monthsOpen)}</p>
          ${p.monthsRoomsFree.length ? html`<p><strong>${pt('place.monthsRoomsFree')}</strong> ${p.monthsRoomsFree.map(monthName).join(', ')}</p>` : nothing}
          ${p.address ? html`<h2>${pt('place.address')}</h2><p>${p.address}</p>` : nothing}
          ${p.contact ? html`<h2>${pt('place.contact')}</h2><p>${p.contact}</p>` : nothing}
        </div>
        <div class="side">
          ${this.here(p)}
          ${me
            ? html`<p class="membership">
                ${p.me.isMember
                  ? html`${pt('place.member')} <button type="button" class="secondary" ?disabled=${this.busy} @click=${() => this.act(() => placesApi.leave(this.placeId))}>${pt('place.leave')}</button>`
                  : html`<button type="button" class="secondary" ?disabled=${this.busy} @click=${() => this.act(() => placesApi.join(this.placeId))}>${pt('place.join')}</button>`}
              </p>`
            : nothing}
          ${this.people(pt('place.animators'), p.animators, false)}
          ${this.people(pt('place.members'), p.members, p.me.canEdit)}
          ${p.othersCount ? html`<p class="muted">${pt('place.othersCount', { count: p.othersCount })}</p>` : nothing}
          ${p.me.canEdit ? this.editForm(p) : nothing}
        </div>
      </div>
    `;
  }
}

customElements.define('place-page', PlacePage);

declare global {
  interface HTMLElementTagNameMap {
    'place-page': PlacePage;
  }
}
