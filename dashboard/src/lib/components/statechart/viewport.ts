/**
 * Pan and zoom as pure arithmetic on the SVG viewBox. The viewBox keeps the aspect ratio of the
 * element, so one content pixel stays square; zooming keeps the point under the cursor (or the
 * centre, for buttons and keys) where it was.
 */
export interface ViewBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

export const MIN_SCALE = 0.15;
export const MAX_SCALE = 4;
/** Fitting never magnifies a small chart beyond this. */
const MAX_FIT_SCALE = 1.25;

/** Screen pixels per content pixel. */
export function scaleOf(view: ViewBox, screen: Size): number {
  return screen.width / view.width;
}

/** The whole chart, centred, with a margin (in screen pixels). */
export function fitViewBox(content: Size, screen: Size, marginPx = 24): ViewBox {
  const scale = Math.min(
    MAX_FIT_SCALE,
    (screen.width - 2 * marginPx) / Math.max(1, content.width),
    (screen.height - 2 * marginPx) / Math.max(1, content.height),
  );
  const s = Math.max(MIN_SCALE, scale);
  const width = screen.width / s;
  const height = screen.height / s;
  return { x: (content.width - width) / 2, y: (content.height - height) / 2, width, height };
}

/** Below this scale state names get too small to read (13 px titles at 0.5 are ~6.5 px). */
export const READABLE_SCALE = 0.5;

/**
 * The first view of a chart: the whole chart when it fits at a readable scale; otherwise a readable
 * scale showing where the chart starts (its top for a top-down chart, its left for a left-to-right
 * one), centred across the flow. "Fit" still shows everything.
 */
export function initialViewBox(
  content: Size,
  screen: Size,
  flow: 'DOWN' | 'RIGHT' = 'DOWN',
  marginPx = 24,
): ViewBox {
  const fit = fitViewBox(content, screen, marginPx);
  if (scaleOf(fit, screen) >= READABLE_SCALE) return fit;
  const width = screen.width / READABLE_SCALE;
  const height = screen.height / READABLE_SCALE;
  const margin = marginPx / READABLE_SCALE;
  return flow === 'DOWN'
    ? { x: (content.width - width) / 2, y: -margin, width, height }
    : { x: -margin, y: (content.height - height) / 2, width, height };
}

/**
 * Zooms by `factor` (> 1 zooms in) around an anchor given as a fraction of the screen
 * ({ x: 0.5, y: 0.5 } is the centre); the scale stays within MIN_SCALE … MAX_SCALE.
 */
export function zoomViewBox(
  view: ViewBox,
  factor: number,
  anchor: { x: number; y: number },
  screen: Size,
): ViewBox {
  const current = scaleOf(view, screen);
  const next = Math.min(MAX_SCALE, Math.max(MIN_SCALE, current * factor));
  const width = screen.width / next;
  const height = screen.height / next;
  const cx = view.x + anchor.x * view.width;
  const cy = view.y + anchor.y * view.height;
  return { x: cx - anchor.x * width, y: cy - anchor.y * height, width, height };
}

/** Moves the view by a drag of (dx, dy) screen pixels: the content follows the pointer. */
export function panViewBox(view: ViewBox, dx: number, dy: number, screen: Size): ViewBox {
  const s = scaleOf(view, screen);
  return { ...view, x: view.x - dx / s, y: view.y - dy / s };
}

/** The same scale, centred on a box (to bring the current state into view). */
export function centreOn(view: ViewBox, box: ViewBox): ViewBox {
  return {
    ...view,
    x: box.x + box.width / 2 - view.width / 2,
    y: box.y + box.height / 2 - view.height / 2,
  };
}

/** Whether a box is entirely visible in the view. */
export function isVisible(view: ViewBox, box: ViewBox): boolean {
  return (
    box.x >= view.x &&
    box.y >= view.y &&
    box.x + box.width <= view.x + view.width &&
    box.y + box.height <= view.y + view.height
  );
}

/** Which of several layouts shows best in the screen: the one with the largest fitted scale. */
export function bestFit<T extends Size>(candidates: readonly T[], screen: Size): T | null {
  let best: T | null = null;
  let bestScale = -1;
  for (const c of candidates) {
    const scale = scaleOf(fitViewBox(c, screen), screen);
    if (scale > bestScale + 0.01) {
      best = c;
      bestScale = scale;
    }
  }
  return best;
}
