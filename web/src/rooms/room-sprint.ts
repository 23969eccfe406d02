import { css, html, nothing } from 'lit';
import { panelStyles, theme } from '../app/theme.ts';
import { RoomPanel } from './room-panel.ts';
import { rt } from './i18n.ts';

function mmss(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

/**
 * The room's shared focus sprint. Everyone computes the same countdown from the server's
 * times and the server clock offset, so the figures agree whatever each device's clock says.
 */
export class RoomSprint extends RoomPanel {
  private tick?: ReturnType<typeof setInterval>;
  private lastPhase = '';
  private phaseAnnouncement = '';

  static override styles = [
    theme,
    panelStyles,
    css`
      .clock {
        font-size: 2.5rem;
        font-weight: 700;
        font-variant-numeric: tabular-nums;
        margin: 0;
      }
      .phase {
        font-weight: 600;
      }
      .phase.break {
        color: var(--m-accent);
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    this.tick = setInterval(() => this.requestUpdate(), 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.tick);
  }

  override render() {
    const c = this.controller;
    if (!c) return nothing;
    const sp = c.sprint;
    const now = c.serverNow();
    let body;
    let phase = '';
    if (sp && now < Date.parse(sp.breakEndsAt)) {
      const focusEnd = Date.parse(sp.focusEndsAt);
      phase = now < focusEnd ? 'focus' : 'break';
      const remaining = phase === 'focus' ? focusEnd - now : Date.parse(sp.breakEndsAt) - now;
      body = html`
        <p class="phase ${phase}">${rt(phase === 'focus' ? 'room.sprint.focus' : 'room.sprint.break')}</p>
        <p class="clock" data-testid="sprint-remaining" data-remaining-ms=${Math.round(remaining)} data-shown-at=${Date.now()} data-phase=${phase}>
          <span aria-hidden="true">${mmss(remaining)}</span>
          <span class="visually-hidden">${rt('room.sprint.remaining', { time: mmss(remaining) })}</span>
        </p>
        <p class="hint">${rt('room.sprint.by', { name: sp.startedBy.displayName })}</p>
        <button class="secondary" @click=${() => void c.stopSprint()}>${rt('room.sprint.stop')}</button>
      `;
    } else {
      body = html`
        <p>${rt('room.sprint.none')}</p>
        <div class="actions">
          <button data-action="sprint-25" @click=${() => void c.startSprint(25)}>${rt('room.sprint.start', { n: 25 })}</button>
          <button data-action="sprint-50" class="secondary" @click=${() => void c.startSprint(50)}>
            ${rt('room.sprint.start', { n: 50 })}
          </button>
        </div>
      `;
    }
    // The ticking clock is not announced; only a change of phase is.
    if (phase !== this.lastPhase) {
      this.lastPhase = phase;
      this.phaseAnnouncement =
        phase === 'focus' ? rt('room.sprint.phaseFocus', { n: sp!.focusMinutes }) : phase === 'break' ? rt('room.sprint.phaseBreak') : '';
    }
    return html`<section aria-labelledby="sprint-title">
      <h2 id="sprint-title">${rt('room.sprint')}</h2>
      ${body}
      <div class="visually-hidden" aria-live="polite">${this.phaseAnnouncement}</div>
    </section>`;
  }
}

customElements.define('room-sprint', RoomSprint);

declare global {
  interface HTMLElementTagNameMap {
    'room-sprint': RoomSprint;
  }
}
