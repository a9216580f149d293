// The engine's shared vocabulary. Everything here is plain data so that the
// language server, the CLI and the tests can all drive the same core.

/** Offsets are UTF-16 code-unit indexes into a file's text, as JavaScript strings and LSP use. */
export interface Span {
  start: number;
  end: number;
}

export type FormatId =
  | 'golang-migrate'
  | 'flyway'
  | 'dbmate'
  | 'goose'
  | 'prisma'
  | 'supabase'
  | 'plain'
  | 'alembic'
  | 'django';

/**
 * - `wrapped`: the runner opens a transaction around the script (Flyway, dbmate, goose by default).
 * - `none`: the runner was told not to (`transaction:false`, `NO TRANSACTION`, `executeInTransaction=false`).
 * - `implicit`: the script is sent as one multi-statement query, which PostgreSQL runs as one
 *   implicit transaction when it holds more than one statement (golang-migrate, Prisma, Supabase,
 *   plain files, and dbmate with `transaction:false`).
 * - `auto`: wrapped, unless every statement must run outside a transaction (Flyway detects
 *   CREATE INDEX CONCURRENTLY and the like itself, and refuses a script that mixes both kinds).
 */
export type TransactionMode = 'wrapped' | 'none' | 'implicit' | 'auto';

/** A region of one file that holds SQL run as one unit (an up or a down). */
export interface Script {
  path: string;
  /** Whole text of the file the region belongs to (the open editor's text when there is one). */
  text: string;
  /** The region of `text` holding this script's SQL; directive lines of the format lie outside it. */
  span: Span;
  /**
   * For migrations written as code (Alembic, Django): the SQL each operation renders to.
   * When present, `span` is the function body and is not split as SQL itself.
   */
  rendered?: RenderedStatement[];
  /**
   * A code migration's function that does nothing (`pass`, a docstring, `raise
   * NotImplementedError`): it exists, but cannot undo anything.
   */
  emptyBody?: 'pass' | 'raise';
  /**
   * A code migration's comments outside any function (module level), where file-wide
   * ignore directives go; given on the up script only, so each is counted once.
   */
  moduleComments?: Span[];
}

/** SQL a framework generates from one operation in code (an Alembic `op.*` call). */
export interface RenderedStatement {
  sql: string;
  /** The code it came from; findings land here. */
  span: Span;
  /** Where `sql` stands verbatim in the file (a plain string literal), so positions inside it are exact. */
  verbatimAt?: number;
  /** Comments right above the operation (where `# migration-guard-ignore …` directives live). */
  comments?: Span[];
  /** Why the operation was not translated; it is reported once as not analysed, never guessed. */
  unanalysed?: string;
  /**
   * For an operation not translated that creates a table (a Django CreateModel with a field
   * it cannot render): the table, so that what follows in the script knows it is new and empty.
   */
  createsTable?: string;
  /** Runs outside the migration's transaction (inside Alembic's `autocommit_block()`). */
  outsideTransaction?: true;
  /** Code that changes rows without SQL to check (Django's RunPython): it counts as a data change. */
  dataChange?: true;
  /**
   * Python that works through the ORM instead of an operation: it opens a session, changes
   * rows through one, or uses one of the application's models. Not translated (`unanalysed`
   * says what it is); the orm-in-migration rule reports it rather than not-analysed.
   */
  orm?: OrmUse;
}

export type OrmUse = 'session' | 'data' | 'model';

export interface Migration {
  /** Version or id as the format spells it (`0003`, `1_10`, `20240108234540`). */
  id: string;
  /** Human description taken from the file name. */
  name: string;
  format: FormatId;
  /** Absolute path of the migration folder it came from. */
  folder: string;
  /** The file that defines it (the up file, the single dbmate/goose file, Prisma's migration.sql). */
  path: string;
  /** Ordering key: numeric parts compared numerically, so 1_10 sorts after 1_9. */
  sortKey: number[];
  /** Previous version for the linear formats; none for the first. */
  parents: string[];
  up: Script;
  /** The down script; `undefined` when the format has downs but this migration lacks one. */
  down?: Script;
  /** False for formats with no down migrations by design (Prisma, Supabase, Flyway repeatables). */
  supportsDown: boolean;
  /** How the runner treats transactions for this migration (before explicit BEGIN/COMMIT). */
  transaction: TransactionMode;
  /**
   * The runner's transaction spans every migration applied in one run (Alembic without
   * `transaction_per_migration=True`): what one migration leaves uncommitted is still
   * uncommitted in the migrations after it, until something commits.
   */
  transactionSpansRun?: true;
  /** Flyway repeatable (`R__`) migrations have no version and rerun when changed. */
  repeatable?: boolean;
  /** Alembic `depends_on`: revisions that must run first without being parents. */
  dependsOn?: string[];
  /** Alembic `branch_labels` as the file declares them (not inherited ones). */
  branchLabels?: string[];
  /** What of a code migration could not be read statically (a dynamic `down_revision`, a syntax error). */
  notAnalysed?: NotAnalysed[];
  /** What rules about Django migrations need beyond the SQL. */
  django?: DjangoFacts;
}

/** A Django migration's app and the operations its rules look at. */
export interface DjangoFacts {
  /** The app label (`dcim`); the migration's id is `<app>.<name>`. */
  app: string;
  /** Where `class Migration(migrations.Migration)` is: findings about the whole migration go there. */
  classSpan: Span;
  /** `initial = True`: the app's first migration, which `migrate --fake-initial` may skip when its tables exist. */
  initial: boolean;
  /** The RunSQL and RunPython operations, in file order. */
  codeOperations: CodeOperation[];
}

export interface CodeOperation {
  /** As called: `migrations.RunSQL`, `RunPython`. */
  callee: string;
  kind: 'RunSQL' | 'RunPython';
  span: Span;
  /** `reverse_sql` / `reverse_code`: missing (irreversible), `noop`, or real code. */
  reverse: 'missing' | 'noop' | 'given';
  /** Where a keyword argument can be added: right after the last argument. */
  argumentsEnd: number;
}

/** A part of a migration written as code that was not read, and why; reported, never guessed. */
export interface NotAnalysed {
  span: Span;
  reason: string;
  /** The identifier it concerns; `parents` then lacks what `down_revision` would have added. */
  field?: 'revision' | 'down_revision' | 'branch_labels' | 'depends_on';
}

/** A file in a migration folder that could not be matched to a migration. */
export interface StrayFile {
  path: string;
  reason: 'down-without-up' | 'mixed-format' | 'unreadable';
  message: string;
}

export interface MigrationFolder {
  path: string;
  format: FormatId;
  /** Further directories its migrations come from, in load order (Alembic's other `version_locations`). */
  also?: string[];
  /**
   * Files besides its migrations that reading the folder used (Alembic's env.py and
   * alembic.ini, the project modules its column types come from): a change to one of them
   * calls for reading the folder again.
   */
  inputs?: string[];
  /** In run order. Duplicated versions are all kept, so rules can report them. */
  migrations: Migration[];
  strays: StrayFile[];
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** One text change in one file; `create` means the file does not exist yet. */
export interface FileEdit {
  path: string;
  span: Span;
  newText: string;
  create?: boolean;
}

export interface Fix {
  title: string;
  edits: FileEdit[];
  /**
   * The edits change the code a statement is generated from (an Alembic call), not SQL
   * text; only such fixes are offered on SQL that does not stand in the file as written.
   */
  editsCode?: true;
}

export interface Finding {
  path: string;
  span: Span;
  severity: Severity;
  ruleId: string;
  message: string;
  fixes: Fix[];
  /** Reported about a migration or its folder as a whole (a missing down, several heads), not about one statement, even when it points at one. */
  wholeMigration?: true;
}
