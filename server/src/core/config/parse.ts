import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { checksById } from '../catalog';
import { schemaProblems } from './schema';
import type { ConfigFileData, ConfigProblem } from './types';

export interface ParsedConfig {
  /** Set when the file has no error (warnings allowed). */
  data?: ConfigFileData;
  tree?: Node;
  problems: ConfigProblem[];
}

/**
 * Reads one configuration file's text: JSON (comments and trailing commas only in
 * `.jsonc`), then the schema, then rule ids the schema cannot know. Every problem has
 * the range of the offending text.
 */
export function parseConfig(file: string, text: string): ParsedConfig {
  const jsonc = file.endsWith('.jsonc');
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: !jsonc, allowTrailingComma: jsonc });
  const problem = (start: number, end: number, message: string, severity: ConfigProblem['severity'] = 'error'): ConfigProblem => ({
    file,
    span: { start, end },
    severity,
    message,
  });
  if (!text.trim()) return { problems: [problem(0, text.length, 'The configuration file is empty: it must hold a JSON object.')] };
  if (errors.length > 0 || !tree) {
    return { tree, problems: errors.map((e) => problem(e.offset, e.offset + e.length, `Invalid JSON: ${describe(printParseErrorCode(e.error))}.`)) };
  }
  const problems: ConfigProblem[] = schemaProblems(tree, getNodeValue(tree)).map((p) => problem(p.span.start, p.span.end, p.message));
  for (const rules of ruleObjects(tree)) {
    for (const property of rules.children ?? []) {
      const key = property.children?.[0];
      if (!key || checksById.has(key.value)) continue;
      problems.push(problem(key.offset, key.offset + key.length, `Unknown rule "${key.value}": it has no effect (run \`migration-guard rules\` for the list).`, 'warning'));
    }
  }
  const broken = problems.some((p) => p.severity === 'error');
  return { tree, problems, data: broken ? undefined : (getNodeValue(tree) as ConfigFileData) };
}

/** `rules` at the top and in each override. */
function ruleObjects(tree: Node): Node[] {
  const overrides = findNodeAtLocation(tree, ['overrides'])?.children ?? [];
  return [findNodeAtLocation(tree, ['rules']), ...overrides.map((o) => findNodeAtLocation(o, ['rules']))].filter(
    (n): n is Node => n?.type === 'object',
  );
}

/** `CommaExpected` → `comma expected`. */
function describe(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
