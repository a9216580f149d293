import type { Severity } from '../core/model';
import type { CheckReport } from './locate';

const commands: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

// GitHub's workflow-command escaping: the message escapes %, CR and LF; property values also `:` and `,`.
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** One workflow command per finding, which GitHub Actions shows as an annotation on the line. */
export function formatGithub(report: CheckReport): string {
  return report.findings
    .map((l) => {
      const properties = [
        `file=${escapeProperty(l.file)}`,
        `line=${l.line}`,
        `col=${l.column}`,
        `endLine=${l.endLine}`,
        `endColumn=${l.endColumn}`,
        `title=${escapeProperty(l.finding.ruleId)}`,
      ];
      return `::${commands[l.finding.severity]} ${properties.join(',')}::${escapeData(l.finding.message)}\n`;
    })
    .join('');
}
