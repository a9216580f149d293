import type { FileEdit } from '../../server/src/core/model';

/** File contents by absolute path: a small in-memory workspace. */
export type Files = Record<string, string>;

/**
 * Applies edits the way an editor applies one WorkspaceEdit: each file's edits refer to
 * its text before any of them, inserts at one offset land in the order given, and
 * `create` makes the file when it is missing (an existing file is kept and edited).
 */
export function applyEdits(files: Files, edits: FileEdit[]): Files {
  const out = { ...files };
  const byFile = new Map<string, FileEdit[]>();
  for (const e of edits) byFile.set(e.path, [...(byFile.get(e.path) ?? []), e]);
  for (const [file, list] of byFile) {
    let text = out[file];
    if (text === undefined) {
      if (!list.some((e) => e.create)) throw new Error(`edit to a file that does not exist: ${file}`);
      text = '';
    }
    const ascending = [...list].sort((a, b) => a.span.start - b.span.start);
    ascending.forEach((e, i) => {
      if (e.span.start > e.span.end || e.span.end > text!.length) throw new Error(`edit out of range in ${file}: ${JSON.stringify(e.span)}`);
      const next = ascending[i + 1];
      if (next && e.span.end > next.span.start) throw new Error(`overlapping edits in ${file}`);
    });
    // From the end backwards so earlier offsets stay valid; among inserts at one offset, the last given goes first.
    const backwards = list.map((e, i) => ({ e, i })).sort((a, b) => b.e.span.start - a.e.span.start || b.i - a.i);
    for (const { e } of backwards) text = text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);
    out[file] = text;
  }
  return out;
}
