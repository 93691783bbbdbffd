/**
 * The heatmap's colour for a state: how many instances sit in it, relative to the busiest state.
 * A square-root scale keeps a state with a handful of instances visible next to one with
 * thousands. Returns a fill and a text colour that stays readable on it.
 */
export interface HeatColor {
  fill: string;
  text: string;
  /** 0 (empty) … 1 (the busiest state). */
  intensity: number;
}

const EMPTY: HeatColor = { fill: 'var(--state-fill)', text: 'var(--text)', intensity: 0 };

export function heatColor(count: number, maxCount: number): HeatColor {
  if (count <= 0 || maxCount <= 0) return EMPTY;
  const intensity = Math.min(1, Math.sqrt(count / maxCount));
  // From a pale amber to a deep orange, in HSL so the steps look even.
  const lightness = Math.round(92 - intensity * 42);
  const saturation = Math.round(80 + intensity * 10);
  return {
    fill: `hsl(32 ${saturation}% ${lightness}%)`,
    text: lightness < 62 ? '#fff' : 'var(--text)',
    intensity,
  };
}
