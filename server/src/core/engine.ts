import type { Finding, Migration, MigrationFolder, Severity, Span } from './model';
import { allRules } from './rules';
import { isGenerated, offerableFixes } from './rules/fixes/gate';
import { mustRunOutsideTransaction, relationName } from './sql/ast';
import { FolderSchema, type SchemaPoint } from './schema/history';
import { addTo } from './group';
import type { Catalog } from './schema/catalog';
import { parseScript, type ParsedScript, type Statement } from './sql/script';
import { directiveChecks } from './directives/checks';
import { directiveFindings, DirectiveUsage } from './directives/usage';
import type { MigrationUnit, Report, Rule, RuleContext, RuleMeta, RuleVisitor, StatementUnit } from './rules/types';
import { keepVisit, noteAnswer, placedReport, relativeReport, type Kept, type RuleResultCache, type Visit } from './ruleResults';

export type RuleLevel = Severity | 'off';
export type RuleOptions = Record<string, unknown>;
/** A severity, or ESLint's `[severity, options]` for rules that take options. */
export type RuleSetting = RuleLevel | [RuleLevel] | [RuleLevel, RuleOptions];

/** What applies to one file. */
export interface FileSettings {
  /** Target PostgreSQL major version. */
  pgVersion: number;
  /** Per-rule settings; rules not named keep their default severity and no options. */
  rules?: Record<string, RuleSetting>;
}

export interface EngineOptions extends FileSettings {
  /** Settings that differ by file (a team configuration's overrides); without it the ones above apply to every file. */
  forFile?: (path: string) => FileSettings;
  /** Let `-- squawk-ignore <squawk-rule>` comments silence the rules squawk calls that. */
  honorSquawkIgnores?: boolean;
}

export const DEFAULT_PG_VERSION = 15;

/** The severity a rule or check reports with under `settings`; undefined when it is off or its PostgreSQL versions do not apply. */
export function activeSeverity(meta: RuleMeta, settings: FileSettings): Severity | undefined {
  const setting = settings.rules?.[meta.id];
  const level = (Array.isArray(setting) ? setting[0] : setting) ?? meta.defaultSeverity;
  return level === 'off' || !appliesTo(meta, settings.pgVersion) ? undefined : level;
}

function ruleOptions(meta: RuleMeta, settings: FileSettings): RuleOptions {
  const setting = settings.rules?.[meta.id];
  return (Array.isArray(setting) ? setting[1] : undefined) ?? {};
}

export interface FolderAnalysis {
  folder: MigrationFolder;
  units: MigrationUnit[];
  findings: Finding[];
}

/**
 * Runs the rules over a folder. With `cache`, statement visits that saw only their own
 * statement are kept there and reused on the next analysis while the statement is unchanged.
 */
export function analyzeFolder(folder: MigrationFolder, options: EngineOptions, rules: Rule[] = allRules, cache?: RuleResultCache): FolderAnalysis {
  cache?.beginAnalysis();
  const units = folder.migrations.map(toUnit);
  const findings: Finding[] = [];
  const settingsAt = settingsByFile(options);
  const usage = new DirectiveUsage(Boolean(options.honorSquawkIgnores));
  const fileIgnores = collectFileIgnores(units);
  // The distinct settings in force: one object for every file a configuration override does not single out.
  const settingsInForce = new Set([folder.path, ...units.flatMap(scriptPaths)].map(settingsAt));
  // One schema history shared by every rule; nothing is replayed until a rule asks.
  const schema = new FolderSchema(folder.path, units);
  // Built once and shared, per script: with ~75 rules, rebuilding them per rule dominated large files.
  const scriptsOf = units.map((unit) => scriptUnits(unit, cache));
  // Statements with the same text share what is kept, which holds only if one statement uses it.
  if (cache) for (const scripts of scriptsOf) for (const script of scripts) for (const s of script.statements) if (s.kept && s.kept.uses > 1) s.kept = undefined;

  for (const rule of rules) {
    if (![...settingsInForce].some((settings) => activeSeverity(rule.meta, settings))) continue;
    const emit = (path: string, r: Report, statement?: Statement) => {
      const at = r.path ?? path;
      const severity = activeSeverity(rule.meta, settingsAt(at));
      if (!severity) return;
      if (statement && usage.silences(statement.ignores, rule.meta)) return;
      if (usage.silences(fileIgnores.get(at) ?? [], rule.meta)) return;
      // Offsets into SQL generated from code mean nothing in the file: such findings land on the operation.
      const span = statement && isGenerated(statement) ? statement.span : r.span;
      findings.push({ path: at, span, severity, ruleId: rule.meta.id, message: r.message, fixes: offerableFixes(statement, r.fixes ?? []), ...(statement ? {} : { wholeMigration: true as const }) });
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
    // Files under other settings (overrides) get a visitor created with their own context.
    // Remembered by settings object, which files share unless an override applies to them:
    // asked once per script, the key below cost a JSON.stringify per rule and file.
    const visitors = new Map<string, { visitor: RuleVisitor; slot?: number }>();
    const bySettings = new Map<FileSettings, { visitor: RuleVisitor; slot?: number; active: boolean }>();
    const at = (path: string) => {
      const settings = settingsAt(path);
      let entry = bySettings.get(settings);
      if (entry) return entry;
      const pgVersion = settings.pgVersion;
      const ruleOpts = ruleOptions(rule.meta, settings);
      // Most rules take no options: their key needs no JSON.stringify, which showed up in checks of small files.
      const key = Object.keys(ruleOpts).length === 0 ? String(pgVersion) : JSON.stringify([pgVersion, ruleOpts]);
      let made = visitors.get(key);
      if (!made) {
        let visitor: RuleVisitor = {};
        escaped = false;
        guard(folder.path, start, () => (visitor = rule.create(new WatchedContext(folder, units, pgVersion, ruleOpts, schema))));
        visitors.set(key, (made = { visitor, slot: cache && keepsVisits(visitor) && !escaped ? cache.slotOf(rule.meta.id, key) : undefined }));
      }
      bySettings.set(settings, (entry = { ...made, active: Boolean(activeSeverity(rule.meta, settings)) }));
      return entry;
    };
    const onFolder = at(folder.path).visitor.folder;
    if (onFolder) guard(folder.path, start, () => onFolder(folder, units, (r) => emit(r.path, r)));
    units.forEach((unit, u) => {
      const m = at(unit.migration.path);
      const onMigration = m.active && m.visitor.migration;
      if (onMigration) guard(unit.migration.path, start, () => onMigration(unit, (r) => emit(unit.migration.path, r)));
      for (const script of scriptsOf[u]) {
        const { path } = script;
        const f = at(path);
        const onStatement = f.active && f.visitor.statement;
        if (!onStatement) continue;
        // One report callback per script, not per statement: this loop runs rules × statements times.
        let current: Statement;
        let kept: Report[] | undefined;
        const report = (r: Report) => {
          kept?.push(r);
          emit(path, r, current);
        };
        const { slot } = f;
        for (const s of script.ofKinds(f.visitor.statementKinds)) {
          current = s.statement;
          const keeping = slot === undefined ? undefined : s.kept;
          if (keeping) {
            const visit = keeping.visits?.[slot!];
            if (visit) {
              for (const r of visit) emit(path, placedReport(r, path, current.span.start), current);
              continue;
            }
            kept = [];
            escaped = false;
          }
          try {
            onStatement(s, report);
            if (keeping) keepVisit(keeping, slot!, escaped ? undefined : visitOf(kept!, path, current.span));
          } catch (e) {
            findings.push(internalError(rule, path, current.span, e));
          }
          kept = undefined;
        }
      }
    });
  }
  const known = new Map([...rules.map((r) => r.meta), ...directiveChecks].map((m) => [m.id, m]));
  findings.push(...directiveFindings(units, usage, known, (path, meta) => activeSeverity(meta, settingsAt(path))));
  findings.sort((a, b) => (a.path === b.path ? a.span.start - b.span.start : a.path < b.path ? -1 : 1));
  return { folder, units, findings };
}

// Set when a rule reads more of the folder than the statement it visits (or, while it is
// created, than its options): what it reports then cannot be kept per statement. The
// engine runs synchronously, so one flag serves every analysis.
let escaped = false;

/** `value`, noted as read beyond the statement visited. */
function seen<T>(value: T): T {
  escaped = true;
  return value;
}

/**
 * A rule's context whose view of the folder, when read, marks the visit under way as not
 * keepable. A class rather than an object literal with getters, which V8 builds slowly: one
 * is made per rule and check.
 */
class WatchedContext implements RuleContext {
  constructor(
    private readonly folderSeen: MigrationFolder,
    private readonly unitsSeen: MigrationUnit[],
    readonly pgVersion: number,
    readonly options: RuleOptions,
    private readonly schema: FolderSchema,
  ) {}

  get folder(): MigrationFolder {
    return seen(this.folderSeen);
  }

  get units(): MigrationUnit[] {
    return seen(this.unitsSeen);
  }

  // Arrow properties, since rules destructure them from the context.
  readonly schemaBefore = (at: SchemaPoint): Catalog => seen(this.schema.before(at));

  readonly schemaAtEnd = (): Catalog => seen(this.schema.atEnd());
}

/** Visits per statement can be kept for visitors that look at statements one by one and at nothing else. */
function keepsVisits(v: RuleVisitor): boolean {
  return v.statementKinds !== undefined && v.statement !== undefined && !v.folder && !v.migration;
}

const NOTHING: Visit = [];

/** The visit's reports made relative to the statement, or undefined when one cannot move with it. */
function visitOf(reports: Report[], path: string, span: Span): Visit | undefined {
  if (reports.length === 0) return NOTHING;
  const relative: Report[] = [];
  for (const r of reports) {
    const moved = relativeReport(r, path, span);
    if (!moved) return undefined;
    relative.push(moved);
  }
  return relative;
}

/** Each file's settings, resolved once per analysis. */
function settingsByFile(options: EngineOptions): (path: string) => FileSettings {
  const { forFile } = options;
  if (!forFile) return () => options;
  const cache = new Map<string, FileSettings>();
  return (path) => {
    let settings = cache.get(path);
    if (!settings) cache.set(path, (settings = forFile(path)));
    return settings;
  };
}

/** The files a migration's scripts are in (one for formats that keep up and down together). */
export function scriptPaths(unit: MigrationUnit): string[] {
  return [...new Set([unit.up.script.path, ...(unit.down ? [unit.down.script.path] : [])])];
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
    // Alembic's autocommit_block() commits the migration's transaction and runs its statements bare.
    if (s.rendered?.outsideTransaction) return false;
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

/** One script's statement units, and the file it is in. */
class ScriptStatements {
  /** By the visitor's kinds list itself, which stays the same object for the whole analysis. */
  private byKinds?: Map<readonly string[], StatementOfUnit[]>;
  /** Positions in `statements`, by statement kind: one pass, where a filter per kinds list took ~45. */
  private byKind?: Map<string, number[]>;

  constructor(
    readonly path: string,
    readonly statements: StatementOfUnit[],
  ) {}

  /** The statements of the given kinds (all when none are given), in document order; worked out once per kinds list. */
  ofKinds(kinds: readonly string[] | undefined): StatementOfUnit[] {
    if (!kinds) return this.statements;
    // A short script (a CLI run over thousands of one-statement files) is filtered directly.
    if (this.statements.length <= SHORT_SCRIPT) return this.statements.filter((s) => kinds.includes(s.statement.kind));
    this.byKinds ??= new Map();
    let list = this.byKinds.get(kinds);
    if (!list) {
      const byKind = this.positionsByKind();
      const positions = kinds.flatMap((k) => byKind.get(k) ?? []);
      if (kinds.length > 1) positions.sort((a, b) => a - b);
      this.byKinds.set(kinds, (list = positions.map((p) => this.statements[p])));
    }
    return list;
  }

  private positionsByKind(): Map<string, number[]> {
    if (!this.byKind) {
      const byKind = (this.byKind = new Map<string, number[]>());
      this.statements.forEach((s, p) => addTo(byKind, s.statement.kind, p));
    }
    return this.byKind;
  }
}

const SHORT_SCRIPT = 16;

/** A migration's statement units, script by script, with the file each script is in. */
function scriptUnits(unit: MigrationUnit, cache: RuleResultCache | undefined): ScriptStatements[] {
  const byScript = new Map<string, StatementOfUnit[]>();
  for (const s of statementUnits(unit)) {
    // Statements generated from code are placed by their operation, not their text: never kept.
    const tree = s.statement.node;
    if (cache && !s.statement.rendered && typeof tree === 'object' && tree) s.kept = cache.keptFor(tree, s.direction, s.inTransaction, s);
    addTo(byScript, s.path, s);
  }
  return [...byScript].map(([path, statements]) => new ScriptStatements(path, statements));
}

type Creations = Map<string, (QualifiedName & { index: number })[]>;

/** A statement as rules see it; it notes what they ask of it, so that their answers can be kept. */
class StatementOfUnit implements StatementUnit {
  /** Kept rule visits of this statement's text, when the engine keeps them. */
  kept?: Kept;

  constructor(
    readonly statement: Statement,
    private readonly owner: MigrationUnit,
    readonly direction: 'up' | 'down',
    readonly inTransaction: boolean,
    readonly path: string,
    private readonly created: Creations,
  ) {}

  get unit(): MigrationUnit {
    return seen(this.owner);
  }

  private asking?: (relation: string) => boolean;

  /** Bound, since rules destructure it; made on first use, as most statements' visits are kept. */
  get createdEarlier(): (relation: string) => boolean {
    return (this.asking ??= (relation) => {
      const answer = this.wasCreatedEarlier(relation);
      // Asked by any rule, even one whose visit is not kept: a rule may reuse another's work (typeChecks).
      if (this.kept) noteAnswer(this.kept, relation, answer);
      return answer;
    });
  }

  wasCreatedEarlier(relation: string): boolean {
    const wanted = qualifiedName(relation);
    return (this.created.get(wanted.name) ?? []).some((c) => c.index < this.statement.index && sameRelation(c, wanted));
  }
}

export function* statementUnits(unit: MigrationUnit): Generator<StatementOfUnit> {
  for (const direction of ['up', 'down'] as const) {
    const script = unit[direction];
    if (!script) continue;
    const created = creations(script.statements);
    for (const statement of script.statements) {
      // Downs are not mapped in detail: a down runs the way its up does.
      const inTransaction =
        direction === 'up' ? unit.upInTransaction[statement.index] : unit.migration.transaction === 'wrapped' && !statement.rendered?.outsideTransaction;
      yield new StatementOfUnit(statement, unit, direction, inTransaction, script.script.path, created);
    }
  }
}

/** Name → where the script creates a relation of that name, built once per script so each lookup is a map access. */
function creations(statements: readonly Statement[]): Creations {
  const created: Creations = new Map();
  for (const statement of statements) {
    const made = createdRelation(statement);
    if (!made) continue;
    addTo(created, made.name, { ...made, index: statement.index });
  }
  return created;
}

interface QualifiedName {
  schema?: string;
  name: string;
}

const names = new Map<string, QualifiedName>();

/** `schema.name` or `name`, lowercased as PostgreSQL folds unquoted names (remembered: rules ask per statement). */
function qualifiedName(relation: string): QualifiedName {
  let q = names.get(relation);
  if (!q) {
    const dot = relation.lastIndexOf('.');
    const name = relation.slice(dot + 1).toLowerCase();
    q = dot < 0 ? { name } : { schema: relation.slice(0, dot).toLowerCase(), name };
    if (names.size > 50_000) names.clear();
    names.set(relation, q);
  }
  return q;
}

/**
 * Unqualified names are taken to be on the search path, so they match any schema; two
 * qualified names match only in the same schema (public.t is not archive.t).
 */
function sameRelation(a: QualifiedName, b: QualifiedName): boolean {
  return a.name === b.name && (a.schema === undefined || b.schema === undefined || a.schema === b.schema);
}

/** The table (or other relation) a statement creates, also when its operation was not translated. */
function createdRelation(s: Statement): QualifiedName | undefined {
  if (s.rendered?.createsTable) return qualifiedName(s.rendered.createsTable);
  const rel =
    s.kind === 'CreateStmt' || s.kind === 'CreateTableAsStmt' || s.kind === 'ViewStmt'
      ? (s.node?.relation ?? s.node?.into?.rel ?? s.node?.view)
      : undefined;
  return rel ? qualifiedName(relationName(rel)) : undefined;
}

function appliesTo(meta: RuleMeta, pgVersion: number): boolean {
  const v = meta.pgVersions;
  return !v || ((v.min === undefined || pgVersion >= v.min) && (v.max === undefined || pgVersion <= v.max));
}

function collectFileIgnores(units: MigrationUnit[]): Map<string, ParsedScript['fileIgnores']> {
  const byFile = new Map<string, ParsedScript['fileIgnores']>();
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
