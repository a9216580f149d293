// What a Django migration module declares on its `Migration` class: links to other
// migrations, `initial`, `atomic` and the operations, read from the syntax tree, never run.
import type { NotAnalysed, Span } from '../../model';
import { syntaxErrorNote, type PyNode } from '../python/parser';
import { evaluate, Scope, short, spanOf, type PyValue } from '../python/values';

/** A dependency as written: a migration of an app, its first or latest one, or the user model's app. */
export type DependencyRef =
  | { kind: 'migration'; app: string; name: string; span: Span }
  /** `migrations.swappable_dependency(settings.X)`: the first migration of the app the setting names. */
  | { kind: 'swappable'; setting: string; span: Span };

export interface MigrationKey {
  app: string;
  name: string;
}

export interface DjangoModule {
  /** Where the `class Migration(migrations.Migration)` header is: findings about the whole migration go there. */
  classSpan: Span;
  /** The whole class. */
  span: Span;
  dependencies: DependencyRef[];
  replaces: MigrationKey[];
  runBefore: MigrationKey[];
  initial: boolean;
  atomic: boolean;
  /** The items of `operations = [...]`; empty when the list cannot be read (then in `notAnalysed`). */
  operations: PyValue[];
  notAnalysed: NotAnalysed[];
}

/** Reads the module whose syntax tree is `root`; undefined when it has no Migration class. */
export function readMigrationModule(root: PyNode): DjangoModule | undefined {
  const statements = root.namedChildren;
  const cls = statements.map(classOf).find((c) => c && isMigrationClass(c));
  if (!cls) return undefined;
  const notAnalysed: NotAnalysed[] = [];
  const syntax = syntaxErrorNote(root);
  if (syntax) notAnalysed.push(syntax);

  const body = cls.childForFieldName('body')?.namedChildren ?? [];
  // Class attributes are looked up in the class body only; names they use may be module constants.
  const own = Scope.of(body);
  const scope = Scope.of(body, Scope.of(statements));
  const field = (name: string): PyValue | undefined => {
    const node = own.lookup(name);
    return node && evaluate(node, scope);
  };
  const cannot = (name: string, value: PyValue, what: string) => {
    const why = value.kind === 'unknown' ? value.reason : `${short(value.node.text)} is not ${what}`;
    notAnalysed.push({ span: spanOf(value.node), reason: `${name} cannot be read without running the code: ${why}.` });
  };
  const list = (name: string): PyValue[] => {
    const value = field(name);
    if (!value) return [];
    if (value.kind === 'seq') return value.items;
    cannot(name, value, 'a list or tuple');
    return [];
  };
  const keys = (name: string): MigrationKey[] =>
    list(name).flatMap((item) => {
      const key = migrationKey(item);
      if (!key) cannot(name, item, "an ('app', 'migration') pair");
      return key ? [key] : [];
    });
  const flag = (name: string, fallback: boolean): boolean => {
    const value = field(name);
    if (!value) return fallback;
    if (value.kind === 'bool') return value.value;
    cannot(name, value, 'True or False');
    return fallback;
  };

  const dependencies = list('dependencies').flatMap((item): DependencyRef[] => {
    const swappable = swappableSetting(item);
    if (swappable) return [{ kind: 'swappable', setting: swappable, span: spanOf(item.node) }];
    const key = migrationKey(item);
    if (key) return [{ kind: 'migration', ...key, span: spanOf(item.node) }];
    cannot('dependencies', item, "an ('app', 'migration') pair");
    return [];
  });
  return {
    classSpan: { start: cls.startIndex, end: cls.childForFieldName('body')?.startIndex ?? cls.endIndex },
    span: spanOf(cls),
    dependencies,
    replaces: keys('replaces'),
    runBefore: keys('run_before'),
    initial: flag('initial', false),
    atomic: flag('atomic', true),
    operations: list('operations'),
    notAnalysed,
  };
}

function classOf(statement: PyNode): PyNode | undefined {
  const def = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
  return def?.type === 'class_definition' ? def : undefined;
}

/** `class Migration(migrations.Migration)` (or any `Migration` base, as Django's loader only asks for the name). */
function isMigrationClass(cls: PyNode): boolean {
  if (cls.childForFieldName('name')?.text !== 'Migration') return false;
  const bases = cls.childForFieldName('superclasses')?.namedChildren ?? [];
  return bases.some((b) => /(^|\.)Migration$/.test(b.text));
}

function migrationKey(item: PyValue): MigrationKey | undefined {
  if (item.kind !== 'seq' || item.items.length !== 2) return undefined;
  const [app, name] = item.items;
  return app.kind === 'str' && name.kind === 'str' ? { app: app.value, name: name.value } : undefined;
}

/** `migrations.swappable_dependency(settings.AUTH_USER_MODEL)` → `AUTH_USER_MODEL`; a literal `'app.Model'` is kept as is. */
function swappableSetting(item: PyValue): string | undefined {
  if (item.kind !== 'call' || !/(^|\.)swappable_dependency$/.test(item.callee)) return undefined;
  const arg = item.args[0];
  if (arg?.kind === 'ref' && arg.dotted.startsWith('settings.')) return arg.dotted.slice('settings.'.length);
  return arg?.kind === 'str' ? arg.value : undefined;
}
