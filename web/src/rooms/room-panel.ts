import { LitElement, type PropertyDeclarations } from 'lit';
import type { RoomController } from './room-controller.ts';

/**
 * A panel of the room page (chat, presence, sprint): it reads the room from the page's
 * controller and renders again whenever the page passes a new `version` of it.
 */
export class RoomPanel extends LitElement {
  static override properties: PropertyDeclarations = {
    controller: { attribute: false },
    myId: { type: String },
    version: { type: Number },
  };

  declare controller?: RoomController;
  /** The member looking at the page. */
  declare myId: string;
  declare version: number;

  constructor() {
    super();
    this.myId = '';
    this.version = 0;
  }
}
