import * as path from 'node:path';
import type { StrayFile, TransactionMode } from '../model';
import { assemble, type ParsedFile } from './assemble';
import type { FormatAdapter } from './adapter';
import { markerFormat, markerStyles, type MarkerFormat } from './markers';
import { countWithMarkers, isNumberedName, numberedFiles, numberedUp } from './numbered';
import { sections, type Section } from './sections';
import { mixedFormat } from './strays';

/**
 * An adapter for tools that keep up and down in one numbered file, split by
 * marker comments (dbmate, goose). They differ only in the markers and in how
 * a file opts out of the wrapping transaction.
 */
export function sectionedAdapter(format: MarkerFormat, transaction: (text: string, up: Section) => TransactionMode): FormatAdapter {
  const style = markerStyles[format];

  const parse =
    (file: string) =>
    (text: string): ParsedFile | StrayFile => {
      const found = markerFormat(text);
      if (found !== format) {
        const what = found ? `has ${markerStyles[found].label} markers` : `has no \`${style.upMarker}\` marker`;
        return mixedFormat(file, `${path.basename(file)} ${what}, but this folder holds ${style.label} migrations.`);
      }
      const { up, down } = sections(text, style.parse);
      return { up: up.span, down: down?.span, transaction: transaction(text, up) };
    };

  return {
    id: format,
    label: style.label,
    detect: (dir, entries, files) => countWithMarkers(dir, entries, files, format),
    read: (dir, files) =>
      assemble(
        dir,
        format,
        files,
        numberedFiles(dir, files.list(dir)).map((f) => numberedUp(f, true, parse(f.path))),
      ),
    owns: isNumberedName,
  };
}
