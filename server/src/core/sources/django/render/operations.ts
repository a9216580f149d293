// Django's schema operations (django/db/migrations/operations/, django/contrib/postgres/
// operations.py): how each one changes the model state and what it has the schema editor
// do forwards and backwards. Operations are matched by class name, whatever module path
// the migration imports them through.
import { evaluate, Scope, type PyValue } from '../../python/values';
import { NotRendered } from './errors';
import { literalOf, readField, type Field } from './fields';
import type { SchemaEditor } from './schema';
import type { ProjectSettings } from './settings';
import { getField, getModel, modelKey, tableOf, withModel, type ConstraintDef, type IndexDef, type Lookup, type Models, type ModelState } from './state';

type Call = PyValue & { kind: 'call' };

export interface Operation {
  /** The state after the operation, from the state before it. */
  state(before: Models): Models;
  forwards(ed: SchemaEditor, before: Models, after: Models): void;
  backwards(ed: SchemaEditor, after: Models, before: Models): void;
}

/** Reads one item of `operations`; throws NotRendered for what is not understood. */
export function readOperation(op: PyValue, app: string, settings: ProjectSettings): Operation {
  if (op.kind !== 'call') throw new NotRendered(op.kind === 'unknown' ? op.reason : 'this item of operations is not an operation call');
  const name = op.callee.split('.').pop()!;
  const read = OPERATIONS[name];
  if (!read) throw new NotRendered(`${name} operations are not rendered`);
  return read(new Args(op, name, settings), app);
}

/** Positional-or-keyword arguments, as Python binds them to the operation's __init__. */
class Args {
  constructor(
    readonly call: Call,
    readonly op: string,
    readonly settings: ProjectSettings,
  ) {}

  field(app: string): Field {
    return readField(this.str(1, 'name'), this.value(2, 'field'), app, this.settings);
  }

  get(index: number, name: string): PyValue | undefined {
    return this.call.kwargs.get(name) ?? this.call.args[index];
  }

  value(index: number, name: string): PyValue {
    const v = this.get(index, name);
    if (!v) throw new NotRendered(`${this.op} has no ${name}`);
    if (v.kind === 'unknown') throw new NotRendered(v.reason);
    return v;
  }

  str(index: number, name: string): string {
    const v = this.value(index, name);
    if (v.kind !== 'str') throw new NotRendered(`${name} of ${this.op} is not a string`);
    return v.value;
  }
}

const OPERATIONS: Record<string, (a: Args, app: string) => Operation> = {
  CreateModel: (a, app) => {
    const model = readModel(a, app);
    const key = modelKey(app, model.name);
    return {
      state: (before) => new Map(before).set(key, model),
      forwards: (ed, _b, after) => ed.createModel(after, model),
      backwards: (ed, after) => ed.deleteModel(getModel(after, key)),
    };
  },
  DeleteModel: (a, app) => {
    const key = modelKey(app, a.str(0, 'name'));
    return {
      state: (before) => {
        getModel(before, key);
        const next = new Map(before);
        next.delete(key);
        return next;
      },
      forwards: (ed, before) => ed.deleteModel(getModel(before, key)),
      backwards: (ed, _a, before) => ed.createModel(before, getModel(before, key)),
    };
  },
  RenameModel: (a, app) => {
    const oldKey = modelKey(app, a.str(0, 'old_name'));
    const newName = a.str(1, 'new_name');
    const newKey = modelKey(app, newName);
    const rename = (ed: SchemaEditor, from: Models, to: Models, fromKey: string, toKey: string) => {
      if ([...from.values()].some((m) => m.fields.some((f) => f.join && (f.to === fromKey || modelKey(m.app, m.name) === fromKey)))) {
        throw new NotRendered('renaming a model with many-to-many join tables is not rendered yet');
      }
      ed.alterDbTable(tableOf(getModel(from, fromKey)), tableOf(getModel(to, toKey)));
      // Foreign keys to the renamed table are dropped and added again under names that say the new one.
      for (const [key, m] of to) {
        for (const f of m.fields) {
          if (f.to !== toKey || key === toKey || f.columnless) continue;
          ed.alterField(from, getModel(from, key), getField(getModel(from, key), f.name), to, m, f);
        }
      }
    };
    return {
      state: (before) => {
        getModel(before, oldKey);
        const next = new Map<string, ModelState>();
        for (const [key, other] of before) {
          const moved = other.fields.some((f) => f.to === oldKey) ? { ...other, fields: other.fields.map((f) => (f.to === oldKey ? { ...f, to: newKey } : f)) } : other;
          if (key === oldKey) next.set(newKey, { ...moved, name: newName, renamed: true });
          else next.set(key, moved);
        }
        return next;
      },
      forwards: (ed, before, after) => rename(ed, before, after, oldKey, newKey),
      backwards: (ed, after, before) => rename(ed, after, before, newKey, oldKey),
    };
  },
  AlterModelTable: (a, app) => {
    const key = modelKey(app, a.str(0, 'name'));
    const table = a.value(1, 'table');
    if (table.kind !== 'str' && table.kind !== 'none') throw new NotRendered('table of AlterModelTable is not a string or None');
    const move = (ed: SchemaEditor, from: Models, to: Models) => {
      if (getModel(from, key).fields.some((f) => f.join)) throw new NotRendered('moving a model with many-to-many join tables to another table is not rendered yet');
      ed.alterDbTable(tableOf(getModel(from, key)), tableOf(getModel(to, key)));
    };
    return {
      state: (before) => withModel(before, key, (m) => ({ ...m, dbTable: table.kind === 'str' ? table.value : undefined, renamed: true })),
      forwards: move,
      backwards: move,
    };
  },
  AddField: (a, app) => {
    const key = modelKey(app, a.str(0, 'model_name'));
    const field = a.field(app);
    // preserve_default=False keeps the default for this one ALTER only; the state forgets it.
    const preserve = a.get(3, 'preserve_default');
    const kept: Field = preserve?.kind === 'bool' && !preserve.value ? withoutDefault(field) : field;
    return {
      state: (before) => withModel(before, key, (m) => ({ ...m, fields: [...m.fields, kept] })),
      forwards: (ed, _b, after) => ed.addField(after, getModel(after, key), field),
      backwards: (ed, after) => ed.removeField(after, getModel(after, key), getField(getModel(after, key), field.name)),
    };
  },
  RemoveField: (a, app) => {
    const key = modelKey(app, a.str(0, 'model_name'));
    const name = a.str(1, 'name').toLowerCase();
    return {
      state: (before) => withModel(before, key, (m) => ({ ...m, fields: m.fields.filter((f) => f.name !== getField(m, name).name) })),
      forwards: (ed, before) => ed.removeField(before, getModel(before, key), getField(getModel(before, key), name)),
      backwards: (ed, _a, before) => ed.addField(before, getModel(before, key), getField(getModel(before, key), name)),
    };
  },
  AlterField: (a, app) => {
    const key = modelKey(app, a.str(0, 'model_name'));
    const field = a.field(app);
    const preserve = a.get(3, 'preserve_default');
    const kept: Field = preserve?.kind === 'bool' && !preserve.value ? withoutDefault(field) : field;
    const alter = (ed: SchemaEditor, from: Models, to: Models, forwards: boolean) =>
      ed.alterField(from, getModel(from, key), getField(getModel(from, key), field.name), to, getModel(to, key), forwards ? field : getField(getModel(to, key), field.name));
    return {
      state: (before) =>
        withModel(before, key, (m) => {
          const old = getField(m, field.name);
          // Django names a unique constraint it adds in AlterField itself; the carried mark keeps saying so.
          const uniqueBy = kept.unique && !kept.primaryKey && (old.unique ? old.uniqueBy : 'alter');
          const next: Field = { ...kept, ...(uniqueBy ? { uniqueBy } : {}), ...(old.renamed ? { renamed: true as const } : {}) };
          return { ...m, fields: m.fields.map((f) => (f === old ? next : f)) };
        }),
      forwards: (ed, before, after) => alter(ed, before, after, true),
      backwards: (ed, after, before) => alter(ed, after, before, false),
    };
  },
  RenameField: (a, app) => {
    const key = modelKey(app, a.str(0, 'model_name'));
    const oldName = a.str(1, 'old_name').toLowerCase();
    const newName = a.str(2, 'new_name');
    const rename = (ed: SchemaEditor, from: Models, to: Models, fromName: string, toName: string) =>
      ed.alterField(from, getModel(from, key), getField(getModel(from, key), fromName), to, getModel(to, key), getField(getModel(to, key), toName));
    return {
      // Django's state moves the renamed field to the end of the model (state.py rename_field).
      state: (before) =>
        withModel(before, key, (m) => {
          const f = getField(m, oldName);
          const renamed: Field = { ...f, name: newName, renamed: true, column: f.column === f.name ? newName : f.column === `${f.name}_id` ? `${newName}_id` : f.column };
          return { ...m, fields: [...m.fields.filter((x) => x !== f), renamed] };
        }),
      forwards: (ed, before, after) => rename(ed, before, after, oldName, newName),
      backwards: (ed, after, before) => rename(ed, after, before, newName, oldName),
    };
  },
  AddIndex: (a, app) => addIndex(a, app, false),
  AddIndexConcurrently: (a, app) => addIndex(a, app, true),
  RemoveIndex: (a, app) => removeIndex(a, app, false),
  RemoveIndexConcurrently: (a, app) => removeIndex(a, app, true),
  AddConstraint: (a, app) => addConstraint(a, app, false),
  AddConstraintNotValid: (a, app) => addConstraint(a, app, true),
  RemoveConstraint: (a, app) => {
    const key = modelKey(app, a.str(0, 'model_name'));
    const name = a.str(1, 'name');
    const find = (m: ModelState) => {
      const c = m.constraints.find((x) => x.name === name);
      if (!c) throw new NotRendered(`${m.name} has no constraint ${name} in the migrations so far`);
      return c;
    };
    return {
      state: (before) => withModel(before, key, (m) => ({ ...m, constraints: m.constraints.filter((c) => c !== find(m)) })),
      forwards: (ed, before) => ed.removeConstraint(getModel(before, key), find(getModel(before, key))),
      backwards: (ed, _a, before) => ed.addConstraint(getModel(before, key), find(getModel(before, key))),
    };
  },
  ValidateConstraint: (a, app) => {
    const key = modelKey(app, a.str(0, 'model_name'));
    const name = a.str(1, 'name');
    return {
      state: (before) => before,
      forwards: (ed, before) => ed.validateConstraint(getModel(before, key), name),
      backwards: () => undefined,
    };
  },
  // Options Django keeps only in Python (ordering, verbose names, managers): no SQL, no state of ours.
  AlterModelOptions: () => NOTHING,
  AlterModelManagers: () => NOTHING,
  AlterUniqueTogether: (a, app) => alterTogether(a, app, 'unique'),
  AlterIndexTogether: (a, app) => alterTogether(a, app, 'index'),
};

const NOTHING: Operation = { state: (before) => before, forwards: () => undefined, backwards: () => undefined };

const withoutDefault = (f: Field): Field => {
  const { default: _dropped, ...rest } = f;
  void _dropped;
  return rest;
};

function addIndex(a: Args, app: string, concurrently: boolean): Operation {
  const key = modelKey(app, a.str(0, 'model_name'));
  const index: IndexDef = { ...readIndex(a.value(1, 'index')), ...(concurrently ? { concurrently: true as const } : {}) };
  return {
    state: (before) => withModel(before, key, (m) => ({ ...m, indexes: [...m.indexes, index] })),
    forwards: (ed, _b, after) => ed.addIndex(getModel(after, key), index),
    backwards: (ed) => ed.removeIndex(index),
  };
}

function removeIndex(a: Args, app: string, concurrently: boolean): Operation {
  const key = modelKey(app, a.str(0, 'model_name'));
  const name = a.str(1, 'name');
  const find = (m: ModelState): IndexDef => {
    const i = m.indexes.find((x) => x.name === name);
    if (!i) throw new NotRendered(`${m.name} has no index ${name} in the migrations so far`);
    return { ...i, concurrently: concurrently || undefined };
  };
  return {
    state: (before) => withModel(before, key, (m) => ({ ...m, indexes: m.indexes.filter((i) => i.name !== find(m).name) })),
    forwards: (ed, before) => ed.removeIndex(find(getModel(before, key))),
    backwards: (ed, _a, before) => ed.addIndex(getModel(before, key), find(getModel(before, key))),
  };
}

function addConstraint(a: Args, app: string, notValid: boolean): Operation {
  const key = modelKey(app, a.str(0, 'model_name'));
  const constraint = readConstraint(a.value(1, 'constraint'));
  if (notValid && constraint.kind !== 'check') throw new NotRendered('AddConstraintNotValid takes only check constraints');
  return {
    state: (before) => withModel(before, key, (m) => ({ ...m, constraints: [...m.constraints, constraint] })),
    forwards: (ed, _b, after) => ed.addConstraint(getModel(after, key), constraint, notValid),
    backwards: (ed, after) => ed.removeConstraint(getModel(after, key), constraint),
  };
}

function alterTogether(a: Args, app: string, kind: 'unique' | 'index'): Operation {
  const key = modelKey(app, a.str(0, 'name'));
  const sets = readTogether(a.get(1, `${kind}_together`));
  const option = kind === 'unique' ? 'uniqueTogether' : 'indexTogether';
  const alter = (ed: SchemaEditor, from: Models, to: Models) => ed.alterTogether(getModel(to, key), kind, getModel(from, key)[option], getModel(to, key)[option]);
  return {
    state: (before) => withModel(before, key, (m) => ({ ...m, [option]: sets })),
    forwards: alter,
    backwards: alter,
  };
}

/** Keyword arguments of a model's Meta that change nothing in the database. */
const PYTHON_OPTIONS = new Set([
  'verbose_name', 'verbose_name_plural', 'ordering', 'get_latest_by', 'default_permissions', 'permissions',
  'base_manager_name', 'default_manager_name', 'default_related_name', 'swappable', 'abstract', 'select_on_save', 'required_db_features',
]);

function readModel(a: Args, app: string): ModelState {
  const name = a.str(0, 'name');
  const fieldsValue = a.value(1, 'fields');
  if (fieldsValue.kind !== 'seq') throw new NotRendered('fields of CreateModel is not a list');
  const fields = fieldsValue.items.map((item) => {
    if (item.kind !== 'seq' || item.items.length !== 2 || item.items[0].kind !== 'str') throw new NotRendered('a field of CreateModel is not a (name, field) pair');
    return readField(item.items[0].value, item.items[1], app, a.settings);
  });
  const bases = a.get(3, 'bases');
  const modelBases = bases?.kind === 'seq' ? bases.items.flatMap((b) => (b.kind === 'str' ? [b.value] : [])) : [];
  const model: ModelState = { app, name, fields, hasTable: true, uniqueTogether: [], indexTogether: [], indexes: [], constraints: [] };
  const options = a.get(2, 'options');
  const proxy = options?.kind === 'dict' && options.entries.some(([k, v]) => k.kind === 'str' && k.value === 'proxy' && v.kind === 'bool' && v.value);
  // A multi-table child lists its parent_link key among its fields and has a table of its own like any model.
  if (proxy && modelBases.length !== 1) throw new NotRendered('proxy models of more than one base model are not rendered');
  // A proxy's rows are its base's: relations to it use the base's table and key.
  if (proxy) model.proxyOf = modelBases[0] && (modelBases[0].includes('.') ? modelBases[0].toLowerCase() : modelKey(app, modelBases[0]));
  if (!options) return model;
  if (options.kind !== 'dict') throw new NotRendered('options of CreateModel is not a dictionary');
  for (const [k, v] of options.entries) {
    if (k.kind !== 'str') throw new NotRendered('an option of CreateModel has no literal name');
    if (PYTHON_OPTIONS.has(k.value)) continue;
    if (k.value === 'db_table' && v.kind === 'str') model.dbTable = v.value;
    else if ((k.value === 'managed' && v.kind === 'bool' && !v.value) || (k.value === 'proxy' && v.kind === 'bool' && v.value)) model.hasTable = false;
    else if (k.value === 'managed' || k.value === 'proxy') continue;
    else if (k.value === 'unique_together') model.uniqueTogether = readTogether(v);
    else if (k.value === 'index_together') model.indexTogether = readTogether(v);
    else if (k.value === 'indexes' && v.kind === 'seq') model.indexes = v.items.map(readIndex);
    else if (k.value === 'constraints' && v.kind === 'seq') model.constraints = v.items.map(readConstraint);
    else throw new NotRendered(`the model option ${k.value} is not rendered`);
  }
  return model;
}

/** An index as the state keeps it: understood, or opaque under its literal name. */
function readIndex(v: PyValue): IndexDef {
  try {
    return readKnownIndex(v);
  } catch (e) {
    const name = v.kind === 'call' ? v.kwargs.get('name') : undefined;
    if (!(e instanceof NotRendered) || name?.kind !== 'str') throw e;
    return { name: name.value, fields: [], opaque: e.message };
  }
}

/** `models.Index(fields=[...], name=..., condition=Q(...))`; other index kinds and options are not rendered yet. */
function readKnownIndex(v: PyValue): IndexDef {
  if (v.kind !== 'call' || v.callee.split('.').pop() !== 'Index') throw new NotRendered('only models.Index(fields=..., name=...) indexes are rendered');
  for (const k of v.kwargs.keys()) if (k !== 'fields' && k !== 'name' && k !== 'condition') throw new NotRendered(`the index option ${k}= is not rendered`);
  if (v.args.length) throw new NotRendered('indexes on expressions are not rendered');
  const name = v.kwargs.get('name');
  if (name?.kind !== 'str') throw new NotRendered('the index has no literal name');
  const condition = v.kwargs.get('condition');
  return { name: name.value, fields: strings(v.kwargs.get('fields'), 'fields of the index'), ...(condition ? { condition: readQ(condition) } : {}) };
}

/** A constraint as the state keeps it: understood, or opaque under its literal name. */
function readConstraint(v: PyValue): ConstraintDef {
  try {
    return readKnownConstraint(v);
  } catch (e) {
    const name = v.kind === 'call' ? v.kwargs.get('name') : undefined;
    if (!(e instanceof NotRendered) || name?.kind !== 'str') throw e;
    // UniqueConstraint._get_condition_sql and friends: these options make Django create an index.
    const isIndex = v.kind === 'call' && v.callee.split('.').pop() === 'UniqueConstraint' && (v.args.length > 0 || ['condition', 'include', 'opclasses', 'expressions'].some((k) => v.kwargs.has(k)));
    return { kind: 'opaque', name: name.value, reason: e.message, isIndex };
  }
}

/** What a constraint says when validate_constraint fails in Python: nothing in the database. */
const MESSAGE_OPTIONS = ['violation_error_message', 'violation_error_code'];

/** CheckConstraint on one field lookup, UniqueConstraint on plain fields with an optional condition. */
function readKnownConstraint(v: PyValue): ConstraintDef {
  if (v.kind !== 'call') throw new NotRendered('the constraint is not a constraint call');
  const cls = v.callee.split('.').pop();
  const name = v.kwargs.get('name');
  if (name?.kind !== 'str') throw new NotRendered('the constraint has no literal name');
  if (cls === 'UniqueConstraint') {
    for (const k of v.kwargs.keys()) if (!['fields', 'name', 'condition', ...MESSAGE_OPTIONS].includes(k)) throw new NotRendered(`the unique constraint option ${k}= is not rendered`);
    if (v.args.length) throw new NotRendered('unique constraints on expressions are not rendered');
    const condition = v.kwargs.get('condition');
    return { kind: 'unique', name: name.value, fields: strings(v.kwargs.get('fields'), 'fields of the constraint'), ...(condition ? { condition: readQ(condition) } : {}) };
  }
  if (cls !== 'CheckConstraint') throw new NotRendered(`${cls} constraints are not rendered`);
  for (const k of v.kwargs.keys()) if (!['condition', 'check', 'name', ...MESSAGE_OPTIONS].includes(k)) throw new NotRendered(`the check constraint option ${k}= is not rendered`);
  const lookups = readQ(v.kwargs.get('condition') ?? v.kwargs.get('check'));
  if (lookups.length !== 1) throw new NotRendered('check conditions of more than one lookup are not rendered yet');
  return { kind: 'check', name: name.value, check: lookups[0] };
}

/** `Q(a=1, ('b__isnull', True))`: lookups on the model's own fields that must all hold. */
function readQ(condition: PyValue | undefined): Lookup[] {
  if (condition?.kind !== 'call' || condition.callee.split('.').pop() !== 'Q') throw new NotRendered('the condition is not a Q(...) of plain lookups');
  if (condition.kwargs.has('_connector') || condition.kwargs.has('_negated')) throw new NotRendered('conditions joined by OR or negated are not rendered yet');
  // Q keeps its positional children first, then the keyword ones sorted by name.
  const lookups = condition.args.map((arg): [string, PyValue] => {
    if (arg.kind !== 'seq' || arg.items.length !== 2 || arg.items[0].kind !== 'str') throw new NotRendered('the condition nests conditions, which is not rendered yet');
    return [arg.items[0].value, arg.items[1]];
  });
  lookups.push(...[...condition.kwargs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  if (!lookups.length) throw new NotRendered('the condition is empty');
  return lookups.map(([path, value]) => {
    const [field, lookup = 'exact', ...more] = path.split('__');
    if (more.length) throw new NotRendered(`the lookup ${path} spans relations or transforms`);
    return { field, lookup, value: literalOf(value) };
  });
}

/** `{('a', 'b')}` or `(('a', 'b'),)` or a single `('a', 'b')` (`normalize_together`), or `set()`. */
function readTogether(v: PyValue | undefined): string[][] {
  if (!v || v.kind === 'none') return [];
  if (v.kind === 'call' && v.callee === 'set' && v.args.length <= 1 && !v.kwargs.size) return v.args[0] ? readTogether(v.args[0]) : [];
  const items = v.kind === 'unknown' && v.node.type === 'set' ? v.node.namedChildren.map((n) => evaluate(n, new Scope(new Map()))) : v.kind === 'seq' ? v.items : undefined;
  if (!items) throw new NotRendered('the *_together value is not a literal set or list');
  if (items.every((i) => i.kind === 'str')) return items.length ? [strings(v.kind === 'seq' ? v : undefined, 'the *_together value')] : [];
  return items.map((i) => strings(i, 'a *_together entry'));
}

function strings(v: PyValue | undefined, what: string): string[] {
  if (v?.kind !== 'seq' || v.items.some((i) => i.kind !== 'str')) throw new NotRendered(`${what} is not a literal list of names`);
  return v.items.map((i) => (i as PyValue & { kind: 'str' }).value);
}
