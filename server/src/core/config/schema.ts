import type { ErrorObject, ValidateFunction } from 'ajv';
import { findNodeAtLocation, type Node } from 'jsonc-parser';
import schema from '../../../../schemas/migration-guard.schema.json';
import type { Span } from '../model';
import { addTo } from '../group';

/** The schema VS Code validates the file with is the one checked here: one source of truth. */
export const CONFIG_SCHEMA = schema;

export interface SchemaProblem {
  span: Span;
  message: string;
}

let validator: ValidateFunction | undefined;

function validate(value: unknown): ErrorObject[] {
  if (!validator) {
    // Loaded on the first configuration file, not at start-up: most workspaces have none.
    const Ajv: typeof import('ajv').default = require('ajv').default;
    // verbose: each error carries its schema, whose errorMessage (a VS Code keyword) is the message to show.
    const ajv = new Ajv({ allErrors: true, verbose: true });
    ajv.addVocabulary(['markdownDescription', 'errorMessage', 'doNotSuggest']);
    validator = ajv.compile(schema);
  }
  return validator(value) ? [] : [...(validator.errors ?? [])];
}

/**
 * What the schema rejects in a parsed file, one problem per offending value, placed on
 * that value (or on the key of a property that is not allowed). Where alternatives all
 * failed, the deepest value that failed is named, not every alternative.
 */
export function schemaProblems(tree: Node, value: unknown): SchemaProblem[] {
  const groups = new Map<string, ErrorObject[]>();
  for (const e of validate(value)) {
    const key = `${e.instancePath}\u0000${e.params.additionalProperty ?? ''}`;
    addTo(groups, key, e);
  }
  const paths = [...groups.values()].map((g) => g[0].instancePath);
  const deepest = [...groups.values()].filter((g) => !paths.some((p) => p.startsWith(g[0].instancePath + '/')));
  return deepest.map((errors) => ({ span: spanOf(tree, errors[0]), message: messageOf(errors) }));
}

function messageOf(errors: ErrorObject[]): string {
  const custom = errors.map((e) => e.parentSchema?.errorMessage).filter((m): m is string => typeof m === 'string');
  if (custom.length > 0) return custom[custom.length - 1];
  const e = errors[0];
  const where = e.instancePath ? dotted(e.instancePath) : 'the configuration';
  if (e.keyword === 'additionalProperties') return `Unknown setting "${e.params.additionalProperty}" in ${where}.`;
  if (e.keyword === 'enum') return `${where} must be one of ${e.params.allowedValues.map((v: unknown) => JSON.stringify(v)).join(', ')}.`;
  return `${where} ${e.message}.`;
}

/** `/overrides/0/rules` → `overrides[0].rules`. */
function dotted(pointer: string): string {
  return segments(pointer)
    .map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`))
    .join('');
}

function segments(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function spanOf(tree: Node, e: ErrorObject): Span {
  const node = findNodeAtLocation(tree, segments(e.instancePath)) ?? tree;
  const property = e.params.additionalProperty as string | undefined;
  const key = property === undefined ? undefined : node.children?.find((p) => p.children?.[0]?.value === property)?.children?.[0];
  const target = key ?? node;
  return { start: target.offset, end: target.offset + target.length };
}
