import { LitElement, html, nothing } from 'lit';
import { memberVisibilities, type MemberVisibility } from '../../../shared/places.schema.ts';
import { ProfileLimits, type ProfileView } from '../../../shared/profiles.schema.ts';
import type { ApiError } from '../api/api.ts';
import { setPageTitle } from '../app/navigate.ts';
import { theme } from '../app/theme.ts';
import { errorMessage } from '../i18n/errors.ts';
import { LocaleController } from '../i18n/i18n.ts';
import { pt } from './i18n.ts';
import { avatarOf, cardStyles } from './member-card.ts';
import { profilesApi } from './profiles.api.ts';
import type { CommuneView } from '../../../shared/communes.schema.ts';
import { placesApi } from '../places/places.api.ts';

const list = (v: FormDataEntryValue | null) =>
  String(v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** `/profil`: my profile, skills, visibility and photo. */
export class ProfileEditPage extends LitElement {
  static override properties = {
    profile: { state: true },
    error: { state: true },
    saved: { state: true },
    suggestions: { state: true },
    communes: { state: true },
  };
  declare profile: ProfileView | null;
  declare error: ApiError | null;
  declare saved: boolean;
  declare suggestions: string[];
  /** The current communes of Lozère, to pick mine from. */
  declare communes: CommuneView[];
  private readonly locale = new LocaleController(this);

  constructor() {
    super();
    this.profile = null;
    this.error = null;
    this.saved = false;
    this.suggestions = [];
    this.communes = [];
  }

  static override styles = [theme, cardStyles];

  override connectedCallback(): void {
    super.connectedCallback();
    setPageTitle(pt('edit.title'));
    void profilesApi.mine().then((r) => {
      if (r.ok) this.profile = r.data;
      else this.error = r.error;
    });
    void placesApi.communes().then((r) => {
      if (r.ok) this.communes = r.data.communes;
    });
  }

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    const d = new FormData(e.target as HTMLFormElement);
    const r = await profilesApi.save({
      displayName: String(d.get('displayName') ?? ''),
      communeCode: String(d.get('communeCode') ?? '').trim() || null,
      bio: String(d.get('bio') ?? ''),
      offers: list(d.get('offers')),
      seeks: list(d.get('seeks')),
      availability: list(d.get('availability')),
      languages: list(d.get('languages')),
      visibility: String(d.get('visibility')) as MemberVisibility,
    });
    this.saved = r.ok;
    this.error = r.ok ? null : r.error;
    if (r.ok) this.profile = r.data;
  }

  private async upload(e: Event) {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    const r = await profilesApi.uploadAvatar(file);
    this.error = r.ok ? null : r.error;
    const again = await profilesApi.mine();
    if (again.ok) this.profile = again.data;
  }

  private async removeAvatar() {
    await profilesApi.removeAvatar();
    const again = await profilesApi.mine();
    if (again.ok) this.profile = again.data;
  }

  /** Suggestions for the last skill being typed in a comma-separated field. */
  private async suggest(e: InputEvent) {
    const last = (e.target as HTMLInputElement).value.split(',').at(-1)?.trim() ?? '';
    if (!last) return;
    const r = await profilesApi.skills(last);
    if (r.ok) this.suggestions = r.data.skills.map((s) => s.label);
  }

  override render() {
    void this.locale;
    const p = this.profile;
    if (!p) return this.error ? html`<p role="alert">${errorMessage(this.error)}</p>` : nothing;
    return html`<h1>${pt('edit.title')}</h1>
      <div class="head">${avatarOf(p, 6)}
        <label>${pt('edit.avatar')} <input type="file" accept="image/jpeg,image/png,image/webp" @change=${this.upload} /></label>
        ${p.hasAvatar ? html`<button type="button" class="secondary" @click=${this.removeAvatar}>${pt('edit.avatarRemove')}</button>` : nothing}
      </div>
      <form @submit=${this.submit}>
        <p><label>${pt('edit.displayName')} <input name="displayName" required maxlength="80" .value=${p.displayName} /></label></p>
        <p>
          <label
            >${pt('edit.commune')}
            <select name="communeCode" aria-describedby="commune-hint">
              <option value="">—</option>
              ${this.communes.map((c) => html`<option value=${c.code} ?selected=${p.communeCode === c.code}>${c.name}</option>`)}
            </select></label
          >
          <small class="hint" id="commune-hint">${pt('edit.communeHint')}</small>
        </p>
        <p><label>${pt('edit.bio')} <textarea name="bio" maxlength=${ProfileLimits.bioMax} .value=${p.bio}></textarea></label></p>
        <p><label>${pt('edit.offers')} <input name="offers" list="skills" .value=${p.offers.map((s) => s.label).join(', ')} @input=${this.suggest} /></label></p>
        <p><label>${pt('edit.seeks')} <input name="seeks" list="skills" .value=${p.seeks.map((s) => s.label).join(', ')} @input=${this.suggest} /></label></p>
        <datalist id="skills">${this.suggestions.map((s) => html`<option value=${s}></option>`)}</datalist>
        <p><label>${pt('edit.availability')} <input name="availability" .value=${p.availability.join(', ')} /></label></p>
        <p><label>${pt('edit.languages')} <input name="languages" .value=${p.languages.join(', ')} /></label></p>
        <fieldset>
          <legend>${pt('edit.visibility')}</legend>
          ${memberVisibilities.map(
            (v) => html`<label><input type="radio" name="visibility" value=${v} ?checked=${p.visibility === v} /> ${pt(`edit.visibility.${v}`)}</label><br />`,
          )}
        </fieldset>
        <button type="submit">${pt('edit.save')}</button>
        ${this.saved ? html`<p role="status">${pt('edit.saved')}</p>` : nothing}
        ${this.error ? html`<p role="alert" class="error">${errorMessage(this.error)}</p>` : nothing}
      </form>`;
  }
}
customElements.define('profile-edit-page', ProfileEditPage);
