import type { ConfigProblem } from '../core/config/types';
import type { FileView } from '../core/sources/files';
import { LineIndex } from '../core/text/lineIndex';
import { relativePath } from './locate';

/** Configuration problems for stderr, as `file:line:col  severity  message`. */
export function formatConfigProblems(problems: ConfigProblem[], files: FileView, cwd: string): string {
  return problems
    .map((p) => {
      const at = new LineIndex(files.read(p.file) ?? '').positionAt(p.span.start);
      return `${relativePath(cwd, p.file)}:${at.line + 1}:${at.character + 1}  ${p.severity}  ${p.message}\n`;
    })
    .join('');
}
