/**
 * Sizes of the chart's boxes and labels, estimated from character counts so the layout can run
 * anywhere (node tests included) without measuring DOM text. The fonts in statechart.svelte are
 * sized to stay within these estimates.
 */
export const STATE_FONT_PX = 13;
export const DETAIL_FONT_PX = 11;
export const EDGE_FONT_PX = 11;

/** Average advance of a character, in px, for the chart's sans-serif fonts. */
const CHAR_PX = { state: 7.6, detail: 6.6, edge: 6.4 } as const;

export const STATE_PADDING_X = 14;
export const STATE_TITLE_HEIGHT = 30;
export const DETAIL_LINE_HEIGHT = 16;
export const CONTAINER_PADDING = 16;
export const EDGE_LABEL_HEIGHT = 17;
export const INITIAL_MARKER_SIZE = 12;

export function textWidth(text: string, kind: keyof typeof CHAR_PX): number {
  return Math.ceil(text.length * CHAR_PX[kind]);
}

/** Width and height of an atomic or final state with its detail lines (invokes, internal events). */
export function atomicSize(
  title: string,
  details: readonly string[],
): { width: number; height: number } {
  const widest = Math.max(textWidth(title, 'state'), ...details.map((d) => textWidth(d, 'detail')));
  return {
    width: Math.max(96, widest + 2 * STATE_PADDING_X),
    height: STATE_TITLE_HEIGHT + 6 + details.length * DETAIL_LINE_HEIGHT,
  };
}

/** Space a container needs above its children for its title and detail lines. */
export function containerHeaderHeight(details: readonly string[]): number {
  return STATE_TITLE_HEIGHT + details.length * DETAIL_LINE_HEIGHT + 4;
}

export function edgeLabelSize(text: string): { width: number; height: number } {
  return { width: textWidth(text, 'edge') + 12, height: EDGE_LABEL_HEIGHT };
}
