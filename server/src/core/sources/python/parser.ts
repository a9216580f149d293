// Python's grammar (tree-sitter, WASM), loaded once like PostgreSQL's parser: migration
// code is only ever read as a syntax tree, never run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser, type Node } from 'web-tree-sitter';
import type { NotAnalysed } from '../../model';
import { short } from './values';

export type { Node as PyNode } from 'web-tree-sitter';

let loading: Promise<Parser> | undefined;
let parser: Parser | undefined;

/**
 * The bundles find the WASM files copied beside them (esbuild.mjs); the tsc-compiled
 * tests find them in node_modules.
 */
function wasmPath(file: string, pkg: string): string {
  const beside = path.join(__dirname, file);
  return fs.existsSync(beside) ? beside : require.resolve(`${pkg}/${file}`);
}

/** Loads the Python grammar once; every parse after it is synchronous. */
export function loadPython(): Promise<void> {
  loading ??= (async () => {
    await Parser.init({ locateFile: (name: string) => wasmPath(name, 'web-tree-sitter') });
    const language = await Language.load(wasmPath('tree-sitter-python.wasm', 'tree-sitter-python'));
    const p = new Parser();
    p.setLanguage(language);
    return (parser = p);
  })();
  return loading.then(() => undefined);
}

/**
 * Parses `text` and hands its root to `read`; the tree lives in WASM memory, so it is
 * freed as soon as `read` returns. Node offsets (`startIndex`) are UTF-16 units, as
 * JavaScript strings and LSP count (web-tree-sitter parses the string as UTF-16).
 */
export function withPythonTree<T>(text: string, read: (root: Node) => T): T {
  return withPythonTrees([text], ([root]) => read(root));
}

/**
 * Parses every text and hands their roots to `read` at once, for readers that need all of
 * a project's modules together (Django links migrations across files before rendering).
 */
export function withPythonTrees<T>(texts: string[], read: (roots: Node[]) => T): T {
  if (!parser) throw new Error('The Python parser is not loaded: await loadParsers() before reading Python migrations.');
  const trees = texts.map((text) => parser!.parse(text));
  try {
    if (trees.some((t) => !t)) throw new Error('The Python parser returned no tree.');
    return read(trees.map((t) => t!.rootNode));
  } finally {
    for (const t of trees) t?.delete();
  }
}

/** A syntax tree that stays alive until `close()`, for modules read by several revisions. */
export function openPythonTree(text: string): { root: Node; close(): void } {
  if (!parser) throw new Error('The Python parser is not loaded: await loadParsers() before reading Python migrations.');
  const tree = parser.parse(text);
  if (!tree) throw new Error('The Python parser returned no tree.');
  return { root: tree.rootNode, close: () => tree.delete() };
}

/** The first syntax error under `node`, as the offending node (an ERROR or a MISSING token). */
export function firstSyntaxError(node: Node): Node | undefined {
  if (!node.hasError) return undefined;
  if (node.isError || node.isMissing) return node;
  for (const child of node.children) {
    const found = firstSyntaxError(child);
    if (found) return found;
  }
  return node;
}

/** The file's first syntax error as something not analysed, if it has one. */
export function syntaxErrorNote(root: Node): NotAnalysed | undefined {
  const error = firstSyntaxError(root);
  if (!error) return undefined;
  const what = error.isMissing ? `a missing ${error.type}` : short(error.text);
  return { span: { start: error.startIndex, end: error.endIndex }, reason: `The file has a Python syntax error at ${what}; operations around it may not be read.` };
}
