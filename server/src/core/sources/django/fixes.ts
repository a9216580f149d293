// Fixes that edit a Django migration module, for rules whose SQL fix cannot apply to SQL
// rendered from operations: the operation is swapped for its django.contrib.postgres
// counterpart, which Django ships for exactly these hazards. Every builder returns
// undefined when the module is not laid out the way its edit needs.
import * as nodePath from 'node:path';
import type { FileEdit, Fix, Migration, Script, Span } from '../../model';
import { insertAt, lineBreakOf } from '../../rules/fixes/text';
import type { Statement } from '../../sql/script';

const POSTGRES_OPERATIONS = 'django.contrib.postgres.operations';

/** `migrations.AddIndex(...)` → `AddIndexConcurrently(...)`, with `atomic = False` on the Migration. */
export function addIndexConcurrentlyFix(statement: Statement, script: Script): Fix | undefined {
  const callee = calleeOf(script.text, statement.span, 'AddIndex');
  const atomic = atomicFalseEdits(script);
  if (!callee || !atomic) return undefined;
  return {
    title: 'Create the index concurrently (AddIndexConcurrently, atomic = False)',
    edits: [...importEdits(script, ['AddIndexConcurrently']), ...atomic, { path: script.path, span: callee, newText: 'AddIndexConcurrently' }],
    editsCode: true,
  };
}

/**
 * `migrations.AddConstraint(model_name=…, constraint=CheckConstraint(…))` →
 * `AddConstraintNotValid(…)`, and a new migration `NNNN+1_validate_<name>.py` after this
 * one holding `ValidateConstraint(…)`: in the same atomic migration the ADD's lock would
 * last until the validation's COMMIT, so the validation gets a transaction of its own.
 */
export function notValidConstraintFix(statement: Statement, script: Script, constraint: any, migration: Migration): Fix | undefined {
  const { text, path } = script;
  const callee = calleeOf(text, statement.span, 'AddConstraint');
  const call = text.slice(statement.span.start, statement.span.end);
  const model = /\bmodel_name\s*=\s*(['"])([\w]+)\1/.exec(call)?.[2];
  const number = /^(\d+)_/.exec(migration.name)?.[1];
  const app = migration.django?.app;
  if (!callee || !model || !number || !app || constraint?.contype !== 'CONSTR_CHECK' || !/^\w+$/.test(constraint.conname ?? '')) return undefined;
  const name = `${String(Number(number) + 1).padStart(number.length, '0')}_validate_${constraint.conname}`;
  const eol = lineBreakOf(text);
  const validation = [
    `from ${POSTGRES_OPERATIONS} import ValidateConstraint`,
    'from django.db import migrations',
    '',
    '',
    'class Migration(migrations.Migration):',
    '',
    '    dependencies = [',
    `        ('${app}', '${migration.name}'),`,
    '    ]',
    '',
    '    operations = [',
    `        ValidateConstraint(model_name='${model}', name='${constraint.conname}'),`,
    '    ]',
    '',
  ].join(eol);
  return {
    title: `Add the constraint NOT VALID, and validate it in a new migration ${name}.py`,
    edits: [
      ...importEdits(script, ['AddConstraintNotValid']),
      { path, span: callee, newText: 'AddConstraintNotValid' },
      { path: nodePath.join(nodePath.dirname(path), `${name}.py`), span: { start: 0, end: 0 }, newText: validation, create: true },
    ],
    editsCode: true,
  };
}

/**
 * `atomic = False` as the first line of the Migration class (or `True` turned into `False`);
 * empty when it is already there, undefined when there is no class to put it in.
 */
export function atomicFalseEdits({ text, path }: Script): FileEdit[] | undefined {
  const cls = /^class\s+Migration\s*\([^)]*\)\s*:[ \t]*(?=\r?\n)/m.exec(text);
  if (!cls) return undefined;
  const body = text.slice(cls.index);
  if (/^[ \t]+atomic\s*=\s*False\b/m.test(body)) return [];
  const explicit = /^[ \t]+atomic\s*=\s*(True)\b/m.exec(body);
  if (explicit) {
    const at = cls.index + explicit.index + explicit[0].length - explicit[1].length;
    return [{ path, span: { start: at, end: at + 4 }, newText: 'False' }];
  }
  const indent = /\n([ \t]+)\S/.exec(body)?.[1] ?? '    ';
  return [insertAt(path, cls.index + cls[0].length, `${lineBreakOf(text)}${indent}atomic = False`)];
}

/** The span of the dotted callee (`migrations.AddIndex`) when `span` is a call of `name`, else undefined. */
function calleeOf(text: string, span: Span, name: string): Span | undefined {
  const m = new RegExp(`^(?:\\w+\\.)*${name}(?=\\s*\\()`).exec(text.slice(span.start, span.end));
  if (!m || text[span.end - 1] !== ')') return undefined;
  return { start: span.start, end: span.start + m[0].length };
}

/** Imports `names` from django.contrib.postgres.operations: added to a one-line import of it, or a new line. */
function importEdits({ text, path }: Script, names: string[]): FileEdit[] {
  const existing = new RegExp(`^from\\s+${POSTGRES_OPERATIONS.replace(/\./g, '\\.')}\\s+import\\s+([^\\n(\\\\]*?)[ \\t]*(?=\\r?\\n|$)`, 'm').exec(text);
  const imported = new Set(existing?.[1].split(',').map((n) => n.trim().split(/\s+as\s+/)[0]) ?? []);
  const missing = names.filter((n) => !imported.has(n));
  if (!missing.length) return [];
  if (existing) return [insertAt(path, existing.index + existing[0].length, `, ${missing.join(', ')}`)];
  const anchor = /^from\s+django\.db\s+import\b/m.exec(text)?.index ?? 0;
  return [insertAt(path, anchor, `from ${POSTGRES_OPERATIONS} import ${missing.join(', ')}${lineBreakOf(text)}`)];
}
