import type { Span } from '../model';

export type Direction = 'up' | 'down';

/** A directive line that opens an up or a down section, with the rest of its line. */
export interface Marker {
  direction: Direction;
  options: string;
}

export type MarkerParser = (line: string) => Marker | undefined;

export interface Section {
  span: Span;
  options: string;
}

export interface Line {
  /** Without its line break (and without a byte-order mark). */
  text: string;
  start: number;
  /** Where the next line starts: just past this line's break. */
  next: number;
}

export function* lines(text: string): Generator<Line> {
  for (let start = 0; start < text.length; ) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    const next = nl < 0 ? text.length : nl + 1;
    yield { text: text.slice(start, end).replace(/\r$/, '').replace(/^\uFEFF/, ''), start, next };
    start = next;
  }
}

/** Where SQL can start: past a byte-order mark, which no parser wants to see. */
export function contentStart(text: string): number {
  return text.startsWith('\uFEFF') ? 1 : 0;
}

/**
 * Cuts a single-file migration at its marker lines. Each section runs from the
 * line after its marker to the next marker (or the end), so the marker lines lie
 * outside. A repeated marker starts a section that is ignored, as the first one
 * of each direction is what the tools run. A file with no up marker is treated as
 * if its text before the first marker were the up, so SQL typed before adding the
 * marker is still checked.
 */
export function sections(text: string, parse: MarkerParser): { up: Section; down?: Section } {
  const found: Partial<Record<Direction, Section>> = {};
  let open: { marker: Marker; start: number } | undefined;
  let firstMarker: number | undefined;
  const close = (end: number) => {
    if (open && !found[open.marker.direction]) {
      found[open.marker.direction] = { span: { start: open.start, end }, options: open.marker.options };
    }
  };
  for (const line of lines(text)) {
    const marker = parse(line.text);
    if (!marker) continue;
    close(line.start);
    firstMarker ??= line.start;
    open = { marker, start: line.next };
  }
  close(text.length);
  const up = found.up ?? { span: { start: contentStart(text), end: firstMarker ?? text.length }, options: '' };
  return { up, down: found.down };
}
