import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Me } from '../../../shared/auth.schema.ts';
import type { ApiError } from '../api/api.ts';
import { authApi } from '../api/auth.api.ts';
import { setLocale } from '../i18n/i18n.ts';

/**
 * Who is logged in on this page. Events: `change` whenever `me` changes, `logging-out`
 * just before a deliberate log-out (live connections close first, so that the server's
 * "session ended" notice is not mistaken for a revoked session).
 */
class SessionStore extends EventTarget {
  me: Me | null = null;
  /** True once the first `GET /api/auth/me` has answered (or failed). */
  loaded = false;
  /** Why the session could not be loaded, when it could not. */
  loadError: ApiError | null = null;
  private readyResolve!: () => void;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryDelayMs = 2000;
  readonly ready = new Promise<void>((resolve) => (this.readyResolve = resolve));

  /** Asks the server who we are. */
  async load(): Promise<void> {
    clearTimeout(this.retryTimer);
    const result = await authApi.me();
    if (result.ok) {
      this.loadError = null;
      this.retryDelayMs = 2000;
      this.set(result.data.user);
    } else {
      // Who is logged in stays as it was: an unreachable server is no log-out.
      this.loadError = result.error;
      // The server or its database is away: keep asking, less and less often, until it answers.
      this.retryTimer = setTimeout(() => void this.load(), this.retryDelayMs);
      this.retryDelayMs = Math.min(this.retryDelayMs * 2, 30_000);
    }
    this.loaded = true;
    this.readyResolve();
    this.dispatchEvent(new Event('change'));
  }

  /**
   * Sets the member. When the member is a different one (log-in, sign-up, first load) their
   * account's language wins over the one picked before.
   */
  set(me: Me | null): void {
    const newPerson = me?.id !== this.me?.id;
    this.me = me;
    if (me && newPerson) setLocale(me.locale);
    this.dispatchEvent(new Event('change'));
  }

  /** Ends this session on the server, then forgets the member here. */
  async logOut(everywhere = false): Promise<ApiError | null> {
    this.dispatchEvent(new Event('logging-out'));
    const result = everywhere ? await authApi.logOutEverywhere() : await authApi.logOut();
    if (!result.ok && result.error.code !== 'unauthenticated') {
      this.dispatchEvent(new Event('change')); // still logged in: live connections come back
      return result.error;
    }
    this.set(null);
    return null;
  }
}

export const session = new SessionStore();

/** Re-renders its host when the session changes. */
export class SessionController implements ReactiveController {
  private readonly onChange = () => this.host.requestUpdate();
  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }
  get me(): Me | null {
    return session.me;
  }
  get loaded(): boolean {
    return session.loaded;
  }
  hostConnected(): void {
    session.addEventListener('change', this.onChange);
  }
  hostDisconnected(): void {
    session.removeEventListener('change', this.onChange);
  }
}
