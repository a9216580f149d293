// Classes a revision uses as column types that SQLAlchemy does not define: enum classes
// and TypeDecorators, in the revision itself or in the project's own modules. Those
// modules are found on disk and read as syntax trees, like revisions: never imported.
import * as path from 'node:path';
import type { FileView } from '../files';
import { openPythonTree, type PyNode } from '../python/parser';
import { dottedName, evaluate, Scope, type PyValue } from '../python/values';

export type ProjectClass =
  /** An `enum.Enum` subclass: its members in order (aliases included, as `__members__` lists them). */
  | { kind: 'enum'; name: string; members: { name: string; value: PyValue }[] }
  /** A TypeDecorator (its `impl`) or a subclass of another type (the base), read in its own module. */
  | { kind: 'type'; name: string; impl: PyValue; types: TypeLookup }
  /** An ORM model (`__tablename__`, `__table__`, or a `Model` base); `module` is where it is defined, undefined in the revision itself. */
  | { kind: 'model'; name: string; module?: string }
  /** Found, or known to be imported, but not something a static reading can turn into SQL. */
  | { kind: 'opaque'; name: string; reason: string };

/** Finds the class a dotted name in one module stands for. */
export interface TypeLookup {
  classNamed(dotted: string): ProjectClass | undefined;
}

interface Imported {
  module: string;
  /** `from module import name`; undefined for `import module`. */
  name?: string;
}

interface PyModule {
  scope: Scope;
  classes: Map<string, PyNode>;
  imports: Map<string, Imported>;
  /** Modules of `from module import *`, in order. */
  starImports: string[];
  /** The module's own dotted name, for relative imports; undefined for a revision. */
  dotted?: string;
}

const ENUM_BASES = new Set(['Enum', 'IntEnum', 'StrEnum', 'Flag', 'IntFlag']);
/** Bases that make a class a type without saying which SQL type it is. */
const TYPE_ROOTS = new Set(['TypeDecorator', 'UserDefinedType', 'TypeEngine']);
/** How far a name may lead through imports and re-exports before the search gives up. */
const MAX_HOPS = 8;
/** How many folders above the version location a package may start (the project's root). */
const MAX_LEVELS = 10;

/**
 * The project's modules as the revisions of one version location import them. Trees stay
 * open while the folder is read (values keep their nodes), and are freed by `close()`.
 */
export class ProjectModules {
  private readonly byName = new Map<string, PyModule | undefined>();
  private readonly trees: { close(): void }[] = [];
  private readonly read = new Set<string>();

  constructor(
    private readonly files: FileView,
    /** Where the search for packages starts: the version location. */
    private readonly near: string,
  ) {}

  /** The lookup for a revision whose tree is `root`. */
  lookupFor(root: PyNode): TypeLookup {
    return this.lookupIn(moduleOf(root));
  }

  close(): void {
    for (const t of this.trees.splice(0)) t.close();
  }

  /** The module files read so far. */
  filesRead(): string[] {
    return [...this.read];
  }

  private lookupIn(module: PyModule): TypeLookup {
    return { classNamed: (dotted) => this.classIn(module, dotted, 0) };
  }

  private classIn(module: PyModule, dotted: string, hops: number): ProjectClass | undefined {
    if (hops > MAX_HOPS) return undefined;
    const [head, ...rest] = dotted.split('.');
    const local = module.classes.get(head);
    if (local && rest.length === 0) return this.analyse(module, local);
    const imported = module.imports.get(head);
    if (imported) return this.throughImport(module, imported, rest, dotted, hops);
    if (rest.length > 0) return undefined;
    for (const star of module.starImports) {
      const from = this.module(star, module);
      const found = from && this.classIn(from, head, hops + 1);
      if (found) return found;
    }
    return undefined;
  }

  private throughImport(module: PyModule, imported: Imported, rest: string[], dotted: string, hops: number): ProjectClass | undefined {
    // `from m import N` then `N` or `N.X`: a class N of m, or X in submodule m.N;
    // `import m` then `m.X`: X in module m. The last part of the dotted name is the class.
    const parts = [...(imported.name ? [imported.name] : []), ...rest];
    if (parts.length === 0) return undefined;
    const className = parts.pop()!;
    const moduleName = [imported.module, ...parts].join('.');
    const target = this.module(moduleName, module);
    if (!target) {
      // Only the project's own packages are read; a library's type stays unknown.
      if (this.isLibrary(moduleName, module)) return undefined;
      return { kind: 'opaque', name: dotted, reason: `\`${dotted}\` comes from ${moduleName}, which is not among the workspace's files` };
    }
    return this.classIn(target, className, hops + 1) ?? { kind: 'opaque', name: dotted, reason: `\`${dotted}\` is not a class ${moduleName} defines where it can be read` };
  }

  /** A module name whose top-level package is nowhere above the version location: a library. */
  private isLibrary(moduleName: string, from: PyModule): boolean {
    const absolute = absoluteName(moduleName, from);
    return absolute === undefined || this.packageRoot(absolute.split('.')[0]) === undefined;
  }

  private analyse(module: PyModule, node: PyNode): ProjectClass {
    const name = node.childForFieldName('name')?.text ?? '?';
    const bases = (node.childForFieldName('superclasses')?.namedChildren ?? []).flatMap((b) => dottedName(b) ?? []);
    const body = node.childForFieldName('body')?.namedChildren ?? [];
    const assigned = assignments(body);
    if (bases.some((b) => ENUM_BASES.has(lastOf(b)))) {
      const members = [...assigned].filter(([n]) => !n.startsWith('_')).map(([n, v]) => ({ name: n, value: evaluate(v, module.scope) }));
      return { kind: 'enum', name, members };
    }
    if (assigned.has('__tablename__') || assigned.has('__table__') || bases.some((b) => lastOf(b) === 'Model')) {
      return { kind: 'model', name, module: module.dotted?.replace(/\.__init__$/, '') };
    }
    const methods = body.filter((s) => s.type === 'function_definition').map((s) => s.childForFieldName('name')?.text);
    if (methods.includes('load_dialect_impl')) return { kind: 'opaque', name, reason: `${name} picks its type per database in load_dialect_impl()` };
    const impl = assigned.get('impl');
    if (impl) return { kind: 'type', name, impl: evaluate(impl, module.scope), types: this.lookupIn(module) };
    const base = bases.find((b) => !TYPE_ROOTS.has(lastOf(b)));
    if (base && bases.length === 1) return { kind: 'type', name, impl: { kind: 'ref', dotted: base, node }, types: this.lookupIn(module) };
    return { kind: 'opaque', name, reason: `${name} declares no \`impl\` type that can be read` };
  }

  /** The module named `name` (relative names resolved from `from`), parsed once. */
  private module(name: string, from: PyModule): PyModule | undefined {
    const absolute = absoluteName(name, from);
    if (absolute === undefined) return undefined;
    if (this.byName.has(absolute)) return this.byName.get(absolute);
    this.byName.set(absolute, undefined);
    const file = this.fileOf(absolute);
    const text = file && this.files.read(file);
    if (text === undefined) return undefined;
    const tree = openPythonTree(text);
    this.trees.push(tree);
    this.read.add(file!);
    const parsed = { ...moduleOf(tree.root), dotted: path.basename(file!) === '__init__.py' ? `${absolute}.__init__` : absolute };
    this.byName.set(absolute, parsed);
    return parsed;
  }

  private fileOf(dotted: string): string | undefined {
    const parts = dotted.split('.');
    const root = this.packageRoot(parts[0]);
    if (!root) return undefined;
    const base = path.join(root, ...parts);
    return [`${base}.py`, path.join(base, '__init__.py')].find((f) => this.files.read(f) !== undefined);
  }

  private readonly roots = new Map<string, string | undefined>();

  /** The folder above the version location that holds package (or module) `top`. */
  private packageRoot(top: string): string | undefined {
    if (this.roots.has(top)) return this.roots.get(top);
    let found: string | undefined;
    for (let dir = this.near, level = 0; level < MAX_LEVELS && !found; level++, dir = path.dirname(dir)) {
      const entries = this.files.list(dir);
      if (entries.some((e) => (e.isDirectory && e.name === top) || (!e.isDirectory && e.name === `${top}.py`))) found = dir;
      if (dir === path.dirname(dir)) break;
    }
    this.roots.set(top, found);
    return found;
  }
}

/** The `name = value` statements of a class body, in order. */
function assignments(body: PyNode[]): Map<string, PyNode> {
  const out = new Map<string, PyNode>();
  for (const s of body) {
    const a = s.type === 'expression_statement' ? s.namedChildren[0] : undefined;
    const left = a?.type === 'assignment' ? a.childForFieldName('left') : undefined;
    const right = a?.childForFieldName('right');
    if (left?.type === 'identifier' && right) out.set(left.text, right);
  }
  return out;
}

function moduleOf(root: PyNode): PyModule {
  const statements = root.namedChildren;
  const classes = new Map<string, PyNode>();
  const imports = new Map<string, Imported>();
  const starImports: string[] = [];
  // Parts a syntax error left out are skipped: what is there is still read.
  for (const s of statements) {
    const def = s.type === 'decorated_definition' ? s.childForFieldName('definition') : s;
    const className = def?.type === 'class_definition' ? def.childForFieldName('name')?.text : undefined;
    if (def && className) classes.set(className, def);
    else if (s.type === 'import_statement') {
      for (const { name: dotted, alias } of importedNames(s)) {
        // `import a.b.c` binds `a`; `a.b.c.X` then names module a.b.c.
        imports.set(alias ?? dotted.split('.')[0], { module: alias ? dotted : dotted.split('.')[0] });
      }
    } else if (s.type === 'import_from_statement') {
      const module = s.childForFieldName('module_name')?.text;
      if (!module) continue;
      if (s.namedChildren.some((c) => c.type === 'wildcard_import')) starImports.push(module);
      for (const { name, alias } of importedNames(s)) imports.set(alias ?? name, { module, name });
    }
  }
  return { scope: Scope.of(statements), classes, imports, starImports };
}

/** The names an import statement lists, each with its `as` alias. */
function importedNames(s: PyNode): { name: string; alias?: string }[] {
  return s.childrenForFieldName('name').flatMap((n) => {
    const aliased = n.type === 'aliased_import';
    const name = (aliased ? n.childForFieldName('name') : n)?.text;
    const alias = aliased ? n.childForFieldName('alias')?.text : undefined;
    return name ? [{ name, ...(alias ? { alias } : {}) }] : [];
  });
}

/** `.core` from module `shop.sql.__init__` is `shop.sql.core`; undefined when it cannot be placed. */
function absoluteName(name: string, from: PyModule): string | undefined {
  const dots = /^\.*/.exec(name)![0].length;
  if (dots === 0) return name;
  if (!from.dotted) return undefined;
  const pkg = from.dotted.split('.').slice(0, -dots);
  const rest = name.slice(dots);
  return pkg.length === 0 ? undefined : [...pkg, ...(rest ? [rest] : [])].join('.');
}

const lastOf = (dotted: string) => dotted.split('.').pop()!;
