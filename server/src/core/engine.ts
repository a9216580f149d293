import type { Finding, Migration, MigrationFolder, Severity, Span } from './model';
import { allRules } from './rules';
import { mustRunOutsideTransaction, relationKey } from './sql/ast';
import { parseScript, type IgnoreDirective, type ParsedScript, type Statement } from './sql/script';
import type { MigrationUnit, Report, Rule, RuleVisitor, StatementUnit } from './rules/types';

export type RuleSetting = Severity | 'off';

export interface EngineOptions {
  /** Target PostgreSQL major version. */
  pgVersion: number;
  /** Per-rule severity overrides; rules not named keep their default. */
  rules?: Record<string, RuleSetting>;
}

export const DEFAULT_PG_VERSION = 15;

export interface FolderAnalysis {
  folder: MigrationFolder;
  units: MigrationUnit[];
  findings: Finding[];
}

export function analyzeFolder(folder: MigrationFolder, options: EngineOptions, rules: Rule[] = allRules): FolderAnalysis {
  const units = folder.migrations.map(toUnit);
  const findings: Finding[] = [];
  const ignoresByFile = collectFileIgnores(units);

  for (const rule of rules) {
    const severity = severityOf(rule, options);
    if (!severity || !appliesTo(rule, options.pgVersion)) continue;
    const emit = (path: string, r: Report, statement?: Statement) => {
      if (statement && suppressed(statement.ignores, rule.meta.id)) return;
      if (suppressed(ignoresByFile.get(r.path ?? path) ?? [], rule.meta.id)) return;
      findings.push({
        path: r.path ?? path,
        span: r.span,
        severity,
        ruleId: rule.meta.id,
        message: r.message,
        fixes: r.fixes ?? [],
      });
    };
    // A rule that throws costs one internal-error finding where it threw, never the other rules' results.
    const guard = (path: string, span: Span, visit: () => void) => {
      try {
        visit();
      } catch (e) {
        findings.push(internalError(rule, path, span, e));
      }
    };
    const start: Span = { start: 0, end: 0 };
    let visitor: RuleVisitor = {};
    guard(folder.path, start, () => (visitor = rule.create({ folder, pgVersion: options.pgVersion })));
    const { folder: onFolder, migration: onMigration, statement: onStatement } = visitor;
    if (onFolder) guard(folder.path, start, () => onFolder(folder, units, (r) => emit(r.path, r)));
    for (const unit of units) {
      if (onMigration) guard(unit.migration.path, start, () => onMigration(unit, (r) => emit(unit.migration.path, r)));
      if (!onStatement) continue;
      for (const s of statementUnits(unit)) {
        const path = s.unit[s.direction]!.script.path;
        guard(path, s.statement.span, () => onStatement(s, (r) => emit(path, r, s.statement)));
      }
    }
  }
  findings.sort((a, b) => (a.path === b.path ? a.span.start - b.span.start : a.path < b.path ? -1 : 1));
  return { folder, units, findings };
}

function toUnit(migration: Migration): MigrationUnit {
  const up = parseScript(migration.up);
  const down = migration.down ? parseScript(migration.down) : undefined;
  return { migration, up, down, upInTransaction: transactionMap(up, migration) };
}

/**
 * Which statements run inside a transaction block: the runner's own wrapping, then
 * explicit BEGIN / COMMIT in the script, which open and close blocks of their own.
 */
export function transactionMap(script: ParsedScript, migration: Migration): boolean[] {
  const stmts = script.statements;
  const mode = migration.transaction;
  const wrapped =
    mode === 'wrapped' ||
    (mode === 'implicit' && stmts.length > 1) ||
    (mode === 'auto' && !stmts.every(mustRunOutsideTransaction));
  let explicit = false;
  return stmts.map((s) => {
    if (s.kind === 'TransactionStmt') {
      const kind: string = s.node?.kind ?? '';
      if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') explicit = true;
      else if (kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_ROLLBACK') {
        explicit = false;
        return wrapped;
      }
    }
    return wrapped || explicit;
  });
}

function* statementUnits(unit: MigrationUnit): Generator<StatementUnit> {
  for (const direction of ['up', 'down'] as const) {
    const script = unit[direction];
    if (!script) continue;
    const created = new Set<string>();
    for (const statement of script.statements) {
      yield {
        statement,
        unit,
        direction,
        // Downs are not mapped in detail: a down runs the way its up does.
        inTransaction: direction === 'up' ? unit.upInTransaction[statement.index] : unit.migration.transaction === 'wrapped',
        createdEarlier: (relation) => created.has(relation.split('.').pop()!.toLowerCase()),
      };
      const made = createdRelation(statement);
      if (made) created.add(made);
    }
  }
}

/** The table (or other relation) a statement creates, lowercased with schema dropped. */
function createdRelation(s: Statement): string | undefined {
  const rel =
    s.kind === 'CreateStmt' || s.kind === 'CreateTableAsStmt' || s.kind === 'ViewStmt'
      ? (s.node?.relation ?? s.node?.into?.rel ?? s.node?.view)
      : undefined;
  return rel ? relationKey(rel) : undefined;
}

function severityOf(rule: Rule, options: EngineOptions): Severity | undefined {
  const setting = options.rules?.[rule.meta.id] ?? rule.meta.defaultSeverity;
  return setting === 'off' ? undefined : setting;
}

function appliesTo(rule: Rule, pgVersion: number): boolean {
  const v = rule.meta.pgVersions;
  return !v || ((v.min === undefined || pgVersion >= v.min) && (v.max === undefined || pgVersion <= v.max));
}

function suppressed(ignores: IgnoreDirective[], ruleId: string): boolean {
  return ignores.some((d) => d.rules.length === 0 || d.rules.includes(ruleId));
}

function collectFileIgnores(units: MigrationUnit[]): Map<string, IgnoreDirective[]> {
  const byFile = new Map<string, IgnoreDirective[]>();
  for (const u of units) {
    for (const script of [u.up, u.down]) {
      if (!script || script.fileIgnores.length === 0) continue;
      const list = byFile.get(script.script.path) ?? [];
      list.push(...script.fileIgnores);
      byFile.set(script.script.path, list);
    }
  }
  return byFile;
}

const reported = new Set<string>();

function internalError(rule: Rule, path: string, span: Span, e: unknown): Finding {
  const detail = (e as Error)?.message ?? String(e);
  // Logged once per rule and message, not once per statement of a 5,000-statement file.
  const key = `${rule.meta.id}:${detail}`;
  if (!reported.has(key)) {
    reported.add(key);
    console.error(`migration-guard: rule ${rule.meta.id} failed: ${(e as Error)?.stack ?? detail}`);
  }
  return {
    path,
    span,
    severity: 'error',
    ruleId: 'internal-error',
    message: `Internal error in rule ${rule.meta.id}: ${detail}. The other rules still ran; please report this.`,
    fixes: [],
  };
}
