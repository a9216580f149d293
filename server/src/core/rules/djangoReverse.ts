import type { CodeOperation, Fix, Migration, Span } from '../model';
import type { Rule } from './types';

const ARGUMENT = { RunSQL: 'reverse_sql', RunPython: 'reverse_code' } as const;

/** `migrations.RunSQL(…)` or `migrations.RunPython(…)` without a reverse: the whole migration cannot be unapplied. */
export function djangoReverseRule(kind: CodeOperation['kind'], id: string, what: string): Rule {
  const argument = ARGUMENT[kind];
  return {
    meta: {
      id,
      category: 'downgrade',
      defaultSeverity: 'warning',
      summary: `A Django ${kind} without \`${argument}\`, which makes the whole migration irreversible.`,
      fixable: true,
      equivalents: {},
    },
    create: () => {
      // Reported on the operation's first statement, where an ignore comment above the operation applies.
      const reported = new Set<CodeOperation>();
      return {
        statement({ statement, unit, direction }, report) {
          const { migration } = unit;
          // Every statement of every migration passes here: leave at once where there is nothing to find.
          if (direction !== 'up' || !migration.django?.codeOperations.length) return;
          const op = missingReverse(migration.django.codeOperations, kind, statement.span);
          if (!op || reported.has(op)) return;
          reported.add(op);
          report({
            span: op.span,
            message: `${op.callee} has no \`${argument}\`, so \`manage.py migrate ${migration.django.app} <earlier>\` stops with IrreversibleError at this migration. Give the ${what} that undoes it, or \`${argument}=${op.callee}.noop\` if rolling back needs nothing done.`,
            fixes: [noopFix(migration, op, argument)],
          });
        },
      };
    },
  };
}

// Apart from the visitor, whose early return then allocates nothing: V8 makes a closure's context on entry.
function missingReverse(ops: CodeOperation[], kind: CodeOperation['kind'], at: Span): CodeOperation | undefined {
  return ops.find((o) => o.kind === kind && o.reverse === 'missing' && o.span.start <= at.start && at.end <= o.span.end);
}

function noopFix(migration: Migration, op: CodeOperation, argument: string): Fix {
  const newText = `, ${argument}=${op.callee}.noop`;
  return { title: `Add ${argument}=${op.callee}.noop (rolling back does nothing)`, edits: [{ path: migration.path, span: { start: op.argumentsEnd, end: op.argumentsEnd }, newText }], editsCode: true };
}
