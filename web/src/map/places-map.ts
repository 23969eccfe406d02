import { LitElement, css, html, nothing, svg } from 'lit';
import type { MapData, PlaceSummary } from '../../../shared/places.schema.ts';
import { theme } from '../app/theme.ts';
import { LocaleController } from '../i18n/i18n.ts';
import { pt } from '../places/i18n.ts';

/** World size in map units: Web Mercator pixels at zoom 9 (Lozère is about 400 units wide). */
const BASE_ZOOM = 9;
const WORLD = 256 * 2 ** BASE_ZOOM;

/** Web Mercator: longitude/latitude to map units. */
export function project(lon: number, lat: number): [number, number] {
  const x = ((lon + 180) / 360) * WORLD;
  const s = Math.sin((lat * Math.PI) / 180);
  const y = (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * WORLD;
  return [x, y];
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

function pathOf(polygons: [number, number][][][]): string {
  let d = '';
  for (const poly of polygons) {
    for (const ring of poly) {
      ring.forEach(([lon, lat], i) => {
        const [x, y] = project(lon, lat);
        d += `${i ? 'L' : 'M'}${x.toFixed(1)} ${y.toFixed(1)}`;
      });
      d += 'Z';
    }
  }
  return d;
}

/**
 * `<places-map>`: the places of Lozère on a map drawn from the communes' outlines (no request
 * to any other host), with tiles underneath when the operator configured a tile server. Each
 * marker is a link (Tab moves between them); the map pans with the arrow keys and zooms with
 * + and −. The page gives the same places as a list: this map is never the only way.
 */
export class PlacesMap extends LitElement {
  static override properties = {
    places: { attribute: false },
    data: { attribute: false },
    view: { state: true },
    focused: { state: true },
  };

  declare places: PlaceSummary[];
  declare data: MapData | null;
  declare view: Box | null;
  declare focused: string | null;

  private readonly locale = new LocaleController(this);
  private home: Box | null = null;
  private paths: { departement: string; communes: { code: string; name: string; d: string }[] } | null = null;
  private drag: { x: number; y: number; view: Box } | null = null;

  constructor() {
    super();
    this.places = [];
    this.data = null;
    this.view = null;
    this.focused = null;
  }

  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      .frame {
        position: relative;
        border: 1px solid var(--m-border);
        border-radius: var(--m-radius);
        background: #eef3f7;
        overflow: hidden;
      }
      svg.map {
        display: block;
        width: 100%;
        height: auto;
        aspect-ratio: 1 / 1;
        max-height: 70vh;
        touch-action: none;
        cursor: grab;
      }
      svg.map:focus-visible {
        outline: 3px solid var(--m-focus);
        outline-offset: -3px;
      }
      .commune {
        fill: #f7f4ea;
        stroke: #b9b3a0;
        stroke-width: 0.6;
        vector-effect: non-scaling-stroke;
      }
      .tiles + .base .commune {
        fill: none;
      }
      .dept {
        fill: none;
        stroke: #5b4a2f;
        stroke-width: 2;
        vector-effect: non-scaling-stroke;
      }
      a.marker circle.dot {
        fill: var(--m-primary);
        stroke: #fff;
        vector-effect: non-scaling-stroke;
        stroke-width: 2;
      }
      a.marker.demo circle.dot {
        fill: #2e6f8e;
      }
      a.marker:focus {
        outline: none;
      }
      a.marker:focus circle.ring,
      a.marker:hover circle.ring {
        stroke: var(--m-focus);
        stroke-width: 3;
        fill: none;
        vector-effect: non-scaling-stroke;
      }
      circle.ring {
        fill: none;
        stroke: none;
      }
      .badge {
        fill: var(--m-accent);
      }
      .badge-text {
        fill: #fff;
        font-weight: 700;
        text-anchor: middle;
        dominant-baseline: central;
      }
      .label {
        paint-order: stroke;
        stroke: #fff;
        stroke-width: 4;
        vector-effect: non-scaling-stroke;
        fill: var(--m-text);
        font-weight: 700;
      }
      .controls {
        position: absolute;
        top: 0.5rem;
        right: 0.5rem;
        display: flex;
        flex-direction: column;
        gap: 0.25rem;
      }
      .controls button {
        min-height: 2.75rem;
        min-width: 2.75rem;
        padding: 0.25rem;
        font-size: 1.25rem;
        line-height: 1;
      }
      .controls button.text {
        font-size: 0.8rem;
      }
      .credit {
        font-size: 0.8rem;
        color: var(--m-muted);
        margin: 0.35rem 0 0;
      }
      .keys {
        font-size: 0.9rem;
        margin: 0.35rem 0 0;
      }
    `,
  ];

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('data') && this.data) {
      this.paths = {
        departement: pathOf(this.data.departement),
        communes: this.data.communes.map((c) => ({ code: c.code, name: c.name, d: pathOf(c.polygons) })),
      };
      let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
      for (const poly of this.data.departement)
        for (const ring of poly)
          for (const [lon, lat] of ring) {
            const [x, y] = project(lon, lat);
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
          }
      const pad = 8;
      const w = maxX - minX + 2 * pad;
      const h = maxY - minY + 2 * pad;
      const side = Math.max(w, h);
      this.home = { x: minX - pad - (side - w) / 2, y: minY - pad - (side - h) / 2, w: side, h: side };
      this.view ??= { ...this.home };
    }
  }

  private zoom(factor: number, cx?: number, cy?: number): void {
    if (!this.view || !this.home) return;
    const v = this.view;
    const w = Math.min(this.home.w * 1.5, Math.max(this.home.w / 32, v.w * factor));
    const h = w * (v.h / v.w);
    const x0 = cx ?? v.x + v.w / 2;
    const y0 = cy ?? v.y + v.h / 2;
    this.view = { x: x0 - ((x0 - v.x) * w) / v.w, y: y0 - ((y0 - v.y) * h) / v.h, w, h };
  }

  private pan(dx: number, dy: number): void {
    if (!this.view) return;
    this.view = { ...this.view, x: this.view.x + dx * this.view.w, y: this.view.y + dy * this.view.h };
  }

  private onKey(e: KeyboardEvent): void {
    // Keys act on the map itself; on a marker, Enter follows the link as usual.
    if (e.target !== e.currentTarget && !['+', '-', '='].includes(e.key)) return;
    const step = 0.15;
    const actions: Record<string, () => void> = {
      ArrowLeft: () => this.pan(-step, 0),
      ArrowRight: () => this.pan(step, 0),
      ArrowUp: () => this.pan(0, -step),
      ArrowDown: () => this.pan(0, step),
      '+': () => this.zoom(1 / 1.5),
      '=': () => this.zoom(1 / 1.5),
      '-': () => this.zoom(1.5),
      '0': () => (this.view = this.home && { ...this.home }),
    };
    const act = actions[e.key];
    if (act) {
      e.preventDefault();
      act();
    }
  }

  private toMap(e: { clientX: number; clientY: number }): [number, number] {
    const svgEl = this.renderRoot.querySelector('svg.map') as SVGSVGElement;
    const r = svgEl.getBoundingClientRect();
    const v = this.view!;
    return [v.x + ((e.clientX - r.left) / r.width) * v.w, v.y + ((e.clientY - r.top) / r.height) * v.h];
  }

  private onWheel(e: WheelEvent): void {
    if (!e.ctrlKey && !e.metaKey) return; // plain wheel scrolls the page
    e.preventDefault();
    const [x, y] = this.toMap(e);
    this.zoom(e.deltaY > 0 ? 1.25 : 0.8, x, y);
  }

  private onPointerDown(e: PointerEvent): void {
    if ((e.target as Element).closest('a')) return;
    this.drag = { x: e.clientX, y: e.clientY, view: { ...this.view! } };
    (e.currentTarget as Element).setPointerCapture(e.pointerId);
  }

  private onPointerMove(e: PointerEvent): void {
    if (!this.drag) return;
    const r = (e.currentTarget as Element).getBoundingClientRect();
    const v = this.drag.view;
    this.view = { ...v, x: v.x - ((e.clientX - this.drag.x) / r.width) * v.w, y: v.y - ((e.clientY - this.drag.y) / r.height) * v.h };
  }

  private onPointerUp(): void {
    this.drag = null;
  }

  /** Tiles covering the view at the zoom level that matches its scale on screen. */
  private tiles() {
    const url = this.data?.tileUrl;
    if (!url || !this.view) return nothing;
    const width = (this.renderRoot.querySelector('svg.map') as SVGSVGElement | null)?.clientWidth || 600;
    const z = Math.max(0, Math.min(18, Math.round(BASE_ZOOM + Math.log2(width / this.view.w))));
    const size = 256 * 2 ** (BASE_ZOOM - z);
    const v = this.view;
    const out = [];
    const max = 2 ** z;
    for (let tx = Math.floor(v.x / size); tx <= Math.floor((v.x + v.w) / size); tx++) {
      for (let ty = Math.floor(v.y / size); ty <= Math.floor((v.y + v.h) / size); ty++) {
        if (tx < 0 || ty < 0 || tx >= max || ty >= max) continue;
        const href = url.replace('{z}', String(z)).replace('{x}', String(tx)).replace('{y}', String(ty));
        out.push(svg`<image href=${href} x=${tx * size} y=${ty * size} width=${size} height=${size} preserveAspectRatio="none"></image>`);
      }
    }
    return svg`<g class="tiles" aria-hidden="true">${out}</g>`;
  }

  override render() {
    if (!this.paths || !this.view) return html`<p>${pt('places.loading')}</p>`;
    const v = this.view;
    // Marker sizes follow the view, so they keep their size on screen when zooming.
    const unit = v.w / 100;
    const located = this.places.filter((p) => p.lat !== null && p.lon !== null);
    const focused = located.find((p) => p.id === this.focused);
    const tileHost = this.data?.tileUrl ? new URL(this.data.tileUrl.replace(/[{}]/g, '')).host : null;
    return html`
      <div class="frame">
        <svg
          class="map"
          role="group"
          aria-label=${pt('map.label')}
          tabindex="0"
          viewBox="${v.x} ${v.y} ${v.w} ${v.h}"
          @keydown=${this.onKey}
          @wheel=${this.onWheel}
          @pointerdown=${this.onPointerDown}
          @pointermove=${this.onPointerMove}
          @pointerup=${this.onPointerUp}
          @pointercancel=${this.onPointerUp}
        >
          ${this.tiles()}
          <g class="base" aria-hidden="true">
            ${this.paths.communes.map((c) => svg`<path class="commune" d=${c.d}><title>${c.name}</title></path>`)}
            <path class="dept" d=${this.paths.departement}></path>
          </g>
          <g class="markers">
            ${located.map((p) => {
              const [x, y] = project(p.lon!, p.lat!);
              const label = pt('map.marker', { name: p.name, commune: p.communeName ?? '' }) + (p.presentCount ? ` — ${pt('places.present', { count: p.presentCount })}` : '');
              return svg`<a class="marker ${p.demo ? 'demo' : ''}" href="/lieux/${p.id}" aria-label=${label} data-place-id=${p.id}
                  @focus=${() => (this.focused = p.id)} @blur=${() => (this.focused = null)}
                  @mouseenter=${() => (this.focused = p.id)} @mouseleave=${() => (this.focused = null)}>
                <title>${label}</title>
                <circle class="ring" cx=${x} cy=${y} r=${unit * 2.4}></circle>
                <circle class="dot" cx=${x} cy=${y} r=${unit * 1.4}></circle>
                ${p.presentCount
                  ? svg`<circle class="badge" cx=${x + unit * 1.6} cy=${y - unit * 1.6} r=${unit * 1.2}></circle>
                      <text class="badge-text" x=${x + unit * 1.6} y=${y - unit * 1.6} font-size=${unit * 1.6}>${p.presentCount}</text>`
                  : nothing}
              </a>`;
            })}
          </g>
          ${focused
            ? (() => {
                const [x, y] = project(focused.lon!, focused.lat!);
                // Kept inside the view: anchored at the start near the left edge, at the end near the right.
                const rel = (x - v.x) / v.w;
                const anchor = rel < 0.3 ? 'start' : rel > 0.7 ? 'end' : 'middle';
                const lx = anchor === 'start' ? Math.max(x - unit * 2, v.x + unit) : anchor === 'end' ? Math.min(x + unit * 2, v.x + v.w - unit) : x;
                const ly = y > v.y + v.h * 0.9 ? y - unit * 3.5 : y + unit * 4.5;
                return svg`<text class="label" x=${lx} y=${ly} font-size=${unit * 2.8} text-anchor=${anchor} aria-hidden="true">${focused.name}</text>`;
              })()
            : nothing}
        </svg>
        <div class="controls">
          <button type="button" class="secondary" aria-label=${pt('map.zoomIn')} title=${pt('map.zoomIn')} @click=${() => this.zoom(1 / 1.5)}>+</button>
          <button type="button" class="secondary" aria-label=${pt('map.zoomOut')} title=${pt('map.zoomOut')} @click=${() => this.zoom(1.5)}>−</button>
          <button type="button" class="secondary text" aria-label=${pt('map.reset')} title=${pt('map.reset')} @click=${() => (this.view = this.home && { ...this.home })}>⤢</button>
        </div>
      </div>
      <p class="keys hint">${pt('map.keys')}</p>
      <p class="credit">${pt('map.credit', { credit: this.data!.credit })}${tileHost ? html` · ${pt('map.tilesCredit', { host: tileHost })}` : nothing}</p>
    `;
  }
}

customElements.define('places-map', PlacesMap);

declare global {
  interface HTMLElementTagNameMap {
    'places-map': PlacesMap;
  }
}
