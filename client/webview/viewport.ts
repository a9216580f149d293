import type { Point } from './layout';

const MIN_SCALE = 0.05;
const MAX_SCALE = 4;
/** Below this scale text is too small to read: it is hidden, which also keeps big graphs quick to paint. */
const TEXT_SCALE = 0.35;
/** Pointer travel past which a press is a drag, not a click. */
const DRAG_SLOP = 4;

/** Pan (drag) and zoom (wheel, buttons) of a layer inside an SVG element. */
export class Viewport {
  private x = 0;
  private y = 0;
  private k = 1;
  private dragged = false;

  constructor(
    private readonly root: SVGSVGElement,
    private readonly layer: SVGGElement,
  ) {
    root.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    root.addEventListener('pointerdown', (e) => this.onPointerDown(e));
    // A drag ends in a click on whatever is under the pointer; that click must not open it.
    root.addEventListener('click', (e) => this.dragged && e.stopPropagation(), true);
  }

  /** Zooms by factor, keeping the point under (cx, cy) (client pixels) in place; the centre by default. */
  zoom(factor: number, cx = this.root.clientWidth / 2, cy = this.root.clientHeight / 2): void {
    const k = Math.min(MAX_SCALE, Math.max(MIN_SCALE, this.k * factor));
    this.x = cx - ((cx - this.x) * k) / this.k;
    this.y = cy - ((cy - this.y) * k) / this.k;
    this.k = k;
    this.apply();
  }

  /** Shows the whole of a width × height drawing, never larger than life. */
  fit(width: number, height: number): void {
    const w = this.root.clientWidth || 1;
    const h = this.root.clientHeight || 1;
    this.k = Math.max(MIN_SCALE, Math.min(1, w / (width || 1), h / (height || 1)));
    this.x = (w - width * this.k) / 2;
    this.y = (h - height * this.k) / 2;
    this.apply();
  }

  /** Puts a point of the drawing in the middle of the view. */
  centreOn(p: Point): void {
    this.x = this.root.clientWidth / 2 - p.x * this.k;
    this.y = this.root.clientHeight / 2 - p.y * this.k;
    this.apply();
  }

  private apply(): void {
    this.layer.setAttribute('transform', `translate(${this.x},${this.y}) scale(${this.k})`);
    this.root.classList.toggle('far', this.k < TEXT_SCALE);
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    const r = this.root.getBoundingClientRect();
    this.zoom(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
  }

  private onPointerDown(e: PointerEvent): void {
    if (e.button !== 0) return;
    const start = { x: e.clientX, y: e.clientY, tx: this.x, ty: this.y };
    this.dragged = false;
    const move = (m: PointerEvent) => {
      const dx = m.clientX - start.x;
      const dy = m.clientY - start.y;
      if (!this.dragged && Math.hypot(dx, dy) < DRAG_SLOP) return;
      if (!this.dragged) this.root.setPointerCapture(e.pointerId);
      this.dragged = true;
      this.root.classList.add('panning');
      this.x = start.tx + dx;
      this.y = start.ty + dy;
      this.apply();
    };
    const up = () => {
      this.root.removeEventListener('pointermove', move);
      this.root.classList.remove('panning');
    };
    this.root.addEventListener('pointermove', move);
    this.root.addEventListener('pointerup', up, { once: true });
    this.root.addEventListener('pointercancel', up, { once: true });
  }
}
