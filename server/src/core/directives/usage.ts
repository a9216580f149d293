import type { FileEdit, Finding, Severity, Span } from '../model';
import type { MigrationUnit, RuleMeta } from '../rules/types';
import type { IgnoreDirective } from '../sql/script';
import { ignoreMissingReason, unusedIgnore } from './checks';

const EVERY_RULE = '*';

/** Which ignore directives silenced which rules during one analysis. */
export class DirectiveUsage {
  private readonly used = new Map<IgnoreDirective, Set<string>>();

  constructor(private readonly honorSquawk: boolean) {}

  /** True when one of `ignores` covers the rule; the first that does is marked as used. */
  silences(ignores: IgnoreDirective[], rule: RuleMeta): boolean {
    for (const d of ignores) {
      const name = this.nameIn(d, rule);
      if (name === undefined) continue;
      const names = this.used.get(d) ?? new Set<string>();
      this.used.set(d, names.add(name));
      return true;
    }
    return false;
  }

  usedNames(d: IgnoreDirective): Set<string> {
    return this.used.get(d) ?? new Set();
  }

  /** The name under which the directive covers the rule, if it does. */
  private nameIn(d: IgnoreDirective, rule: RuleMeta): string | undefined {
    const name = d.tool === 'squawk' ? (this.honorSquawk ? rule.equivalents.squawk : undefined) : rule.id;
    if (name === undefined) return undefined;
    if (d.rules.length === 0) return EVERY_RULE;
    return d.rules.includes(name) ? name : undefined;
  }
}

/**
 * `unused-ignore` for our directives that silenced nothing (or name rules that silenced
 * nothing), `ignore-missing-reason` for those that give no reason. A rule that is off for
 * the file cannot have reported anything, so naming it is not held against the directive.
 * Squawk's comments are squawk's business and are never reported.
 */
export function directiveFindings(
  units: MigrationUnit[],
  usage: DirectiveUsage,
  known: Map<string, RuleMeta>,
  severityAt: (path: string, meta: RuleMeta) => Severity | undefined,
): Finding[] {
  const findings: Finding[] = [];
  for (const unit of units) {
    for (const script of [unit.up, unit.down]) {
      if (!script) continue;
      const { path, text } = script.script;
      const unusedSeverity = severityAt(path, unusedIgnore);
      const reasonSeverity = severityAt(path, ignoreMissingReason);
      for (const d of script.directives) {
        if (d.tool !== 'migration-guard') continue;
        const counts = (id: string) => {
          const meta = known.get(id);
          return !meta || severityAt(path, meta) !== undefined;
        };
        const unused = unusedSeverity && unusedFinding(d, usage.usedNames(d), path, text, known, counts);
        if (unused) findings.push({ ...unused, severity: unusedSeverity });
        // A comment about to be removed needs no reason.
        else if (reasonSeverity && !d.reason) {
          findings.push({
            path,
            span: d.span,
            severity: reasonSeverity,
            ruleId: ignoreMissingReason.id,
            message: 'This ignore comment gives no reason: add one after a colon, e.g. "-- migration-guard-ignore <rule>: <why it is safe>".',
            fixes: [],
          });
        }
      }
    }
  }
  return findings;
}

function unusedFinding(
  d: IgnoreDirective,
  used: Set<string>,
  path: string,
  text: string,
  known: Map<string, RuleMeta>,
  counts: (id: string) => boolean,
): Omit<Finding, 'severity'> | undefined {
  const finding = (message: string, title: string, edit: FileEdit) => ({
    path,
    span: d.span,
    ruleId: unusedIgnore.id,
    message,
    fixes: [{ title, edits: [edit] }],
  });
  if (d.rules.length === 0) {
    if (used.size > 0) return undefined;
    return finding('This ignore comment silences nothing: no rule reports anything here.', 'Remove unused ignore', removal(path, text, d.span));
  }
  const stale = d.rules.filter((id) => !used.has(id) && counts(id));
  if (stale.length === 0) return undefined;
  const unknown = stale.filter((id) => !known.has(id));
  const why = [
    ...unknown.map((id) => `"${id}" is not a Migration Guard rule`),
    ...stale.filter((id) => known.has(id)).map((id) => `${id} reports nothing here`),
  ].join('; ');
  if (stale.length === d.rules.length) {
    return finding(`This ignore comment silences nothing: ${why}.`, 'Remove unused ignore', removal(path, text, d.span));
  }
  const kept = d.rules.filter((id) => !stale.includes(id));
  const rewritten = { path, span: d.span, newText: directiveText(d, kept, text.slice(d.span.start, d.span.end)) };
  return finding(`Part of this ignore comment silences nothing: ${why}.`, `Remove ${stale.join(', ')} from the ignore`, rewritten);
}

/** The comment, and its whole line when nothing else is on it. */
function removal(path: string, text: string, span: Span): FileEdit {
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  const newline = text.indexOf('\n', span.end);
  const lineEnd = newline < 0 ? text.length : newline + 1;
  const alone = /^[ \t]*$/.test(text.slice(lineStart, span.start)) && /^[ \t\r]*\n?$/.test(text.slice(span.end, lineEnd));
  if (alone) return { path, span: { start: lineStart, end: lineEnd }, newText: '' };
  let start = span.start;
  while (start > lineStart && /[ \t]/.test(text[start - 1])) start--;
  return { path, span: { start, end: span.end }, newText: '' };
}

/** The directive naming only `rules`, in the comment syntax it was written in (SQL line or block comment, Python's `#`). */
function directiveText(d: IgnoreDirective, rules: string[], original: string): string {
  const opening = original.slice(0, original.indexOf('migration-guard-ignore'));
  const closing = original.trimEnd().endsWith('*/') ? ' */' : '';
  return `${opening}migration-guard-ignore${d.wholeFile ? '-file' : ''} ${rules.join(', ')}${d.reason ? `: ${d.reason}` : ''}${closing}`;
}
