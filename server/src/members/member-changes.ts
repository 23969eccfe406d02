import type { Logger } from '../logger.ts';

type Listener = (userId: string) => Promise<void> | void;

/**
 * Tells the capabilities that show members live (a place's "who is here") that a member's
 * name, commune or visibility changed, so that open pages follow without a reload. The
 * capability that saves the change does not need to know who shows the member.
 */
export class MemberChanges {
  readonly #listeners = new Set<Listener>();

  constructor(private readonly log: Logger) {}

  on(listener: Listener): void {
    this.#listeners.add(listener);
  }

  /** Awaited by the saver, so its answer goes out once every open page has been told. */
  async changed(userId: string): Promise<void> {
    for (const listener of this.#listeners) {
      try {
        await listener(userId);
      } catch (err) {
        // The change itself is saved; a page that missed it catches up on its next load.
        this.log.warn({ err, userId }, 'a live view of a changed member could not be updated');
      }
    }
  }
}
