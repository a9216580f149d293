import { lines, type MarkerParser } from './sections';

/** The formats told apart by directive comments inside `<version>_<name>.sql` files. */
export type MarkerFormat = 'dbmate' | 'goose';

// dbmate wants the marker at the start of the line, then whitespace or the end.
const DBMATE = /^--\s*migrate:(up|down)(?:\s+(.*?))?\s*$/;
const GOOSE = /^--\s*\+goose\s+(up|down)\s*$/i;

export interface MarkerStyle {
  label: string;
  /** The up marker as users write it, for messages. */
  upMarker: string;
  parse: MarkerParser;
}

export const markerStyles: Record<MarkerFormat, MarkerStyle> = {
  dbmate: {
    label: 'dbmate',
    upMarker: '-- migrate:up',
    parse: (line) => {
      const m = DBMATE.exec(line);
      return m ? { direction: m[1] as 'up' | 'down', options: m[2] ?? '' } : undefined;
    },
  },
  goose: {
    label: 'goose',
    upMarker: '-- +goose Up',
    parse: (line) => {
      const m = GOOSE.exec(line);
      return m ? { direction: m[1].toLowerCase() as 'up' | 'down', options: '' } : undefined;
    },
  },
};

/** Which tool's up/down markers the text carries, judged by the first marker line. */
export function markerFormat(text: string): MarkerFormat | undefined {
  const formats = Object.keys(markerStyles) as MarkerFormat[];
  for (const line of lines(text)) {
    if (!line.text.startsWith('--')) continue;
    const format = formats.find((f) => markerStyles[f].parse(line.text));
    if (format) return format;
  }
  return undefined;
}
