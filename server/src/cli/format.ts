import type { Severity } from '../core/model';
import type { RuleMeta } from '../core/rules/types';
import type { Located } from './locate';
import { addTo } from '../core/group';

const paint = (on: boolean, code: number, s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);
const severityColor: Record<Severity, number> = { error: 31, warning: 33, info: 36, hint: 90 };

/** ESLint's "stylish" shape, with file:line:col so terminals make each line a link. */
export function formatStylish(items: Located[], color: boolean): string {
  if (items.length === 0) return '';
  const lines: string[] = [];
  const byFile = new Map<string, Located[]>();
  for (const item of items) addTo(byFile, item.file, item);
  for (const [file, list] of byFile) {
    lines.push('', paint(color, 4, file));
    for (const l of list) {
      const sev = l.finding.severity;
      lines.push(
        `  ${file}:${l.line}:${l.column}  ${paint(color, severityColor[sev], sev)}  ${l.finding.message}  ${paint(color, 90, l.finding.ruleId)}`,
      );
    }
  }
  const count = (s: Severity) => items.filter((i) => i.finding.severity === s).length;
  const parts = (['error', 'warning', 'info', 'hint'] as const).filter((s) => count(s) > 0).map((s) => `${count(s)} ${s}${count(s) === 1 ? '' : 's'}`);
  const total = `${items.length} problem${items.length === 1 ? '' : 's'} (${parts.join(', ')})`;
  lines.push('', paint(color, count('error') ? 31 : 33, `✖ ${total}`), '');
  return lines.join('\n');
}

export function formatJson(items: Located[]): string {
  const out = items.map((l) => ({
    file: l.file,
    line: l.line,
    column: l.column,
    endLine: l.endLine,
    endColumn: l.endColumn,
    severity: l.finding.severity,
    ruleId: l.finding.ruleId,
    message: l.finding.message,
    fixable: l.finding.fixes.length > 0,
  }));
  return JSON.stringify(out, null, 2) + '\n';
}

export function formatRulesText(checks: RuleMeta[]): string {
  const rows = checks.map((m) => [m.id, m.category, m.defaultSeverity, m.fixable ? 'fix' : '', m.summary]);
  const width = (i: number) => Math.max(...rows.map((r) => r[i].length));
  return rows.map((r) => [0, 1, 2, 3].map((i) => r[i].padEnd(width(i))).join('  ') + '  ' + r[4]).join('\n') + '\n';
}

/** The other tools, in the order the docs name them. */
export const EQUIVALENT_TOOLS = ['squawk', 'strong_migrations', 'pgfence', 'eugene', 'postgres-language-server'] as const;

/** Every tool's name for the rule, compactly: `squawk: x; eugene: E6`. */
function equivalentsCell(meta: RuleMeta): string {
  const names = EQUIVALENT_TOOLS.filter((tool) => meta.equivalents[tool]).map((tool) => `${tool}: ${meta.equivalents[tool]!.split(/,\s*/).map((n) => `\`${n}\``).join(', ')}`);
  return names.length ? names.join('; ') : '—';
}

/** The rule table of the README and docs/rules/README.md, generated so it never drifts from the code. */
export function formatRulesMarkdown(checks: RuleMeta[]): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const rows = checks.map((meta) =>
    [`[${meta.id}](${ruleDocLink(meta.id)})`, meta.category, meta.defaultSeverity, meta.fixable ? 'yes' : 'no', cell(meta.summary), cell(equivalentsCell(meta))].join(' | '),
  );
  return ['| Rule | Category | Default severity | Fix | Summary | Equivalents |', '| --- | --- | --- | --- | --- | --- |', ...rows.map((r) => `| ${r} |`)].join('\n') + '\n';
}

/** The rule's doc page, relative to the repository root. */
export const ruleDocLink = (id: string) => `docs/rules/${id}.md`;

/** The markers around a tool's table in docs/coming-from.md, which `npm run docs:rules` fills. */
export const equivalentsMarkers = (tool: string) => [`<!-- equivalents:${tool}:start -->`, `<!-- equivalents:${tool}:end -->`] as const;

/** For one tool: each of its checks and our rules that catch the same hazard (links relative to docs/). */
export function formatEquivalentsTable(checks: RuleMeta[], tool: (typeof EQUIVALENT_TOOLS)[number]): string {
  const ours = new Map<string, string[]>();
  for (const meta of checks) {
    for (const name of meta.equivalents[tool]?.split(/,\s*/) ?? []) ours.set(name, [...(ours.get(name) ?? []), `[${meta.id}](rules/${meta.id}.md)`]);
  }
  const rows = [...ours].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })).map(([name, ids]) => `| \`${name}\` | ${ids.join(', ')} |`);
  return [`| ${tool} | Migration Guard |`, '| --- | --- |', ...rows].join('\n') + '\n';
}

/** Every tool's table between its markers, as `npm run docs:rules` writes them into docs/coming-from.md. */
export function formatEquivalentsMarkdown(checks: RuleMeta[]): string {
  return EQUIVALENT_TOOLS.map((tool) => {
    const [start, end] = equivalentsMarkers(tool);
    return `${start}\n${formatEquivalentsTable(checks, tool)}${end}\n`;
  }).join('\n');
}

export function formatRulesJson(checks: RuleMeta[]): string {
  return JSON.stringify(checks.map((meta) => ({ ...meta, doc: ruleDocLink(meta.id) })), null, 2) + '\n';
}
