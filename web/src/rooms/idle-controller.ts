import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** No input for this long, or the tab hidden, counts as away. */
export const idleAfterMs = 5 * 60 * 1000;

const activityEvents = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'focus'] as const;

/**
 * Tells its host when the person stops using the page (no input for 5 minutes, or the tab
 * hidden) and when they come back. Input is only noted, never inspected.
 */
export class IdleController implements ReactiveController {
  idle = false;
  private timer?: ReturnType<typeof setTimeout>;
  private lastReset = 0;

  constructor(
    host: ReactiveControllerHost,
    private readonly onChange: (idle: boolean) => void,
    private readonly afterMs = idleAfterMs,
  ) {
    host.addController(this);
  }

  private readonly onActivity = () => {
    if (document.visibilityState === 'hidden') return;
    if (this.idle) this.set(false);
    // Pointer moves come in floods; re-arming the timer once a second is plenty.
    const now = Date.now();
    if (now - this.lastReset > 1000) this.arm();
  };

  private readonly onVisibility = () => {
    if (document.visibilityState === 'hidden') this.set(true);
    else this.onActivity();
  };

  private arm(): void {
    this.lastReset = Date.now();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.set(true), this.afterMs);
  }

  private set(idle: boolean): void {
    if (idle === this.idle) return;
    this.idle = idle;
    if (idle) clearTimeout(this.timer);
    else this.arm();
    this.onChange(idle);
  }

  hostConnected(): void {
    for (const e of activityEvents) window.addEventListener(e, this.onActivity, { passive: true, capture: true });
    document.addEventListener('visibilitychange', this.onVisibility);
    this.arm();
  }

  hostDisconnected(): void {
    for (const e of activityEvents) window.removeEventListener(e, this.onActivity, { capture: true });
    document.removeEventListener('visibilitychange', this.onVisibility);
    clearTimeout(this.timer);
  }
}
