import type { Span } from '../../model';

/** The `#` comment lines right above the line `at` starts on (where ignore directives go). */
export function commentsAbove(text: string, at: number): Span[] {
  const spans: Span[] = [];
  let lineStart = text.lastIndexOf('\n', at - 1) + 1;
  while (lineStart > 0) {
    const prevStart = text.lastIndexOf('\n', lineStart - 2) + 1;
    const line = text.slice(prevStart, lineStart - 1).replace(/\r$/, '');
    const hash = /^\s*#/.exec(line);
    if (!hash) break;
    spans.unshift({ start: prevStart + hash[0].length - 1, end: prevStart + line.length });
    lineStart = prevStart;
  }
  return spans;
}
