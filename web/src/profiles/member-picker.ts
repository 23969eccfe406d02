import { LitElement, css, html, nothing } from 'lit';
import type { MemberCard } from '../../../shared/profiles.schema.ts';
import { theme } from '../app/theme.ts';
import { errorMessage } from '../i18n/errors.ts';
import { LocaleController } from '../i18n/i18n.ts';
import { pt } from './i18n.ts';
import { profilesApi } from './profiles.api.ts';

/** What `member-picked` carries: the member chosen in the list. */
export interface MemberPicked {
  userId: string;
  displayName: string;
}

const MIN_CHARS = 2;
const DEBOUNCE_MS = 200;

/**
 * Finds a member by name in the directory (only those the person picking may see), as an
 * ARIA combobox, and fires `member-picked` when its button is pressed with a member chosen.
 * The page acts on it (invite, add, name animator) and calls `clear()` once done.
 */
export class MemberPicker extends LitElement {
  static override properties = {
    label: {},
    action: {},
    results: { state: true },
    active: { state: true },
    open: { state: true },
    picked: { state: true },
    message: { state: true },
  };
  declare label: string;
  /** The button's text: what happens to the chosen member. */
  declare action: string;
  declare results: MemberCard[];
  declare active: number;
  declare open: boolean;
  declare picked: MemberPicked | null;
  declare message: string;
  private readonly locale = new LocaleController(this);
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Only the answer to the latest query is shown, however the requests overtake each other. */
  private asked = 0;

  constructor() {
    super();
    this.label = '';
    this.action = '';
    this.results = [];
    this.active = -1;
    this.open = false;
    this.picked = null;
    this.message = '';
  }

  static override styles = [
    theme,
    css`
      .row {
        display: flex;
        gap: 0.5rem;
        flex-wrap: wrap;
      }
      .combo {
        position: relative;
        flex: 1 1 14rem;
      }
      .combo input {
        width: 100%;
        box-sizing: border-box;
      }
      ul[role='listbox'] {
        position: absolute;
        top: 100%;
        left: 0;
        z-index: 5;
        right: 0;
        margin: 0.2rem 0 0;
        padding: 0.2rem 0;
        list-style: none;
        background: var(--m-surface);
        border: 1px solid var(--m-border);
        border-radius: var(--m-radius);
      }
      li[role='option'] {
        padding: 0.4rem 0.7rem;
        cursor: pointer;
      }
      li[aria-selected='true'] {
        background: var(--m-soft);
        outline: 2px solid var(--m-focus);
        outline-offset: -2px;
      }
      .commune {
        color: var(--m-muted);
      }
    `,
  ];

  /** Empties the field after the page acted on the pick. */
  clear(): void {
    this.picked = null;
    this.results = [];
    this.open = false;
    this.message = '';
    const input = this.input();
    if (input) input.value = '';
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
  }

  private input() {
    return this.renderRoot.querySelector<HTMLInputElement>('input');
  }

  private typed(e: InputEvent) {
    const q = (e.target as HTMLInputElement).value.trim();
    this.picked = null;
    clearTimeout(this.timer);
    if (q.length < MIN_CHARS) {
      this.results = [];
      this.open = false;
      this.message = '';
      return;
    }
    this.timer = setTimeout(() => void this.search(q), DEBOUNCE_MS);
  }

  private async search(q: string) {
    const n = ++this.asked;
    const r = await profilesApi.directory({ q });
    if (n !== this.asked) return;
    if (!r.ok) {
      this.message = errorMessage(r.error);
      this.open = false;
      return;
    }
    this.results = r.data.members;
    this.active = this.results.length ? 0 : -1;
    this.open = this.results.length > 0;
    this.message = this.results.length ? '' : pt('picker.none');
  }

  private choose(m: MemberCard) {
    this.picked = { userId: m.userId, displayName: m.displayName };
    const input = this.input();
    if (input) input.value = m.displayName;
    this.open = false;
    this.message = '';
  }

  private key(e: KeyboardEvent) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!this.results.length) return;
      e.preventDefault();
      this.open = true;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      this.active = (this.active + step + this.results.length) % this.results.length;
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const m = this.open ? this.results[this.active] : undefined;
      if (m) this.choose(m);
      else this.submit();
    } else if (e.key === 'Escape' && this.open) {
      e.preventDefault();
      this.open = false;
    }
  }

  private submit() {
    if (!this.picked) {
      this.message = pt('picker.pick');
      this.input()?.focus();
      return;
    }
    this.dispatchEvent(new CustomEvent<MemberPicked>('member-picked', { detail: this.picked, bubbles: true, composed: true }));
  }

  override render() {
    const activeId = this.open && this.active >= 0 ? `option-${this.active}` : nothing;
    return html`<div class="field">
      <label for="picker">${this.label}</label>
      <div class="row">
        <div class="combo">
          <input
            id="picker"
            type="search"
            role="combobox"
            autocomplete="off"
            aria-autocomplete="list"
            aria-expanded=${this.open ? 'true' : 'false'}
            aria-controls="options"
            aria-activedescendant=${activeId}
            aria-describedby="picker-hint"
            maxlength="80"
            @input=${this.typed}
            @keydown=${this.key}
            @blur=${() => (this.open = false)}
          />
          <ul id="options" role="listbox" aria-label=${this.label} ?hidden=${!this.open}>
            ${this.results.map(
              (m, i) => html`<li
                id="option-${i}"
                role="option"
                aria-selected=${i === this.active ? 'true' : 'false'}
                @mousedown=${(e: Event) => e.preventDefault()}
                @click=${() => this.choose(m)}
              >
                ${m.displayName}${m.communeName ? html` <span class="commune">· ${m.communeName}</span>` : nothing}
              </li>`,
            )}
          </ul>
        </div>
        <button type="button" class="secondary" @click=${this.submit}>${this.action}</button>
      </div>
      <p class="hint" id="picker-hint" role="status">${this.message || pt('picker.hint')}</p>
    </div>`;
  }
}
customElements.define('member-picker', MemberPicker);
