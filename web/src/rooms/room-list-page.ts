import { LitElement, css, html, nothing } from 'lit';
import type { RoomSummary, RoomVisibility } from '../../../shared/rooms.schema.ts';
import { RoomLimits } from '../../../shared/rooms.schema.ts';
import type { ApiError } from '../api/api.ts';
import { navigate, setPageTitle } from '../app/navigate.ts';
import { theme } from '../app/theme.ts';
import { errorMessage } from '../i18n/errors.ts';
import { LocaleController } from '../i18n/i18n.ts';
import { rt } from './i18n.ts';
import { roomsApi } from './rooms.api.ts';

/** `/salles`: the rooms I may enter, who is in each now, and creating one (animators, admins). */
export class RoomListPage extends LitElement {
  static override properties = {
    rooms: { state: true },
    error: { state: true },
    creating: { state: true },
    createError: { state: true },
    mayCreate: { state: true },
  };

  declare rooms: RoomSummary[] | null;
  declare error: ApiError | null;
  declare creating: boolean;
  declare createError: string;
  /** False once the server refused a creation as forbidden: the button goes away. */
  declare mayCreate: boolean;

  private readonly locale = new LocaleController(this);
  private refresh?: ReturnType<typeof setInterval>;

  constructor() {
    super();
    this.rooms = null;
    this.error = null;
    this.creating = false;
    this.createError = '';
    this.mayCreate = true;
  }

  static override styles = [
    theme,
    css`
      ul.rooms {
        list-style: none;
        padding: 0;
        margin: 0;
        display: grid;
        gap: 1rem;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 18rem), 1fr));
      }
      .room h2 {
        margin: 0 0 0.25rem;
        font-size: 1.2rem;
      }
      .room h2 a {
        text-decoration: none;
      }
      .room h2 a:hover {
        text-decoration: underline;
      }
      .kind {
        color: var(--m-muted);
        font-size: 0.95rem;
        margin: 0 0 0.5rem;
      }
      .counts {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        margin: 0;
      }
      .pill {
        display: inline-block;
        padding: 0.1rem 0.6rem;
        border-radius: 1rem;
        background: var(--m-soft);
        font-weight: 600;
      }
      .create {
        margin: 1rem 0 2rem;
      }
      fieldset {
        border: 0;
        padding: 0;
        margin: 0 0 1.25rem;
      }
      legend {
        font-weight: 600;
        margin-bottom: 0.35rem;
      }
      fieldset label {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        min-height: 2.25rem;
      }
      fieldset input {
        width: 1.25rem;
        min-height: 1.25rem;
        margin: 0;
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    setPageTitle(rt('rooms.title'));
    void this.load();
    // Who is where changes all the time; a light refresh keeps the counts honest.
    this.refresh = setInterval(() => {
      if (document.visibilityState === 'visible') void this.load();
    }, 20_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.refresh);
  }

  private async load() {
    const r = await roomsApi.list();
    if (r.ok) {
      this.rooms = r.data;
      this.error = null;
    } else this.error = r.error;
  }

  private async create(form: HTMLFormElement) {
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    const visibility = String(data.get('visibility') ?? 'open') as RoomVisibility;
    const r = await roomsApi.create({ name, visibility });
    if (r.ok) {
      this.creating = false;
      navigate(`/salles/${r.data.id}`);
      return;
    }
    if (r.error.code === 'forbidden') {
      this.mayCreate = false;
      this.creating = false;
    }
    this.createError = r.error.code === 'forbidden' ? rt('rooms.create.forbidden') : errorMessage(r.error);
  }

  private renderCreate() {
    if (!this.creating) {
      return this.mayCreate
        ? html`<p class="create"><button data-action="create-room" @click=${() => (this.creating = true)}>${rt('rooms.create')}</button></p>`
        : this.createError
          ? html`<p class="hint" role="status">${this.createError}</p>`
          : nothing;
    }
    return html`<form class="card create" @submit=${(e: Event) => (e.preventDefault(), void this.create(e.target as HTMLFormElement))}>
      <h2>${rt('rooms.create')}</h2>
      <div class="field">
        <label for="new-room-name">${rt('rooms.create.name')}</label>
        <input id="new-room-name" name="name" required maxlength=${RoomLimits.nameMax} autocomplete="off" />
      </div>
      <fieldset>
        <legend>${rt('rooms.create.visibility')}</legend>
        <label><input type="radio" name="visibility" value="open" checked />${rt('rooms.create.open')}</label>
        <label><input type="radio" name="visibility" value="private" />${rt('rooms.create.private')}</label>
      </fieldset>
      <p class="field-error" role="alert">${this.createError}</p>
      <div class="actions">
        <button type="submit">${rt('rooms.create.submit')}</button>
        <button type="button" class="secondary" @click=${() => ((this.creating = false), (this.createError = ''))}>
          ${rt('rooms.create.cancel')}
        </button>
      </div>
    </form>`;
  }

  private renderRoom(r: RoomSummary) {
    return html`<li class="card room" data-room-id=${r.id}>
      <h2><a href="/salles/${r.id}" aria-label=${rt('rooms.enter', { name: r.name })}>${r.name}</a></h2>
      <p class="kind">
        ${r.placeId ? rt('rooms.place', { place: r.placeName ?? '' }) : rt('rooms.network')}
        ${r.visibility === 'private' ? html` · ${rt('rooms.private')}` : nothing}
      </p>
      <p class="counts">
        <span class="pill" data-testid="presence-count">
          ${r.presenceCount > 0 ? rt('rooms.presence', { count: r.presenceCount }) : rt('rooms.presenceNone')}
        </span>
        ${r.callCount > 0 ? html`<span class="pill" data-testid="call-count">${rt('rooms.inCall', { count: r.callCount })}</span>` : nothing}
      </p>
    </li>`;
  }

  override render() {
    return html`
      <h1>${rt('rooms.title')}</h1>
      <p>${rt('rooms.lead')}</p>
      ${this.renderCreate()}
      ${this.error ? html`<div class="alert" role="alert">${errorMessage(this.error)}</div>` : nothing}
      ${this.rooms === null && !this.error ? html`<p role="status">${rt('rooms.loading')}</p>` : nothing}
      ${this.rooms?.length === 0 ? html`<p>${rt('rooms.empty')}</p>` : nothing}
      ${this.rooms?.length ? html`<ul class="rooms">${this.rooms.map((r) => this.renderRoom(r))}</ul>` : nothing}
    `;
  }
}

customElements.define('room-list-page', RoomListPage);

declare global {
  interface HTMLElementTagNameMap {
    'room-list-page': RoomListPage;
  }
}
