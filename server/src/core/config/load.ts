import * as path from 'node:path';
import { findNodeAtLocation, type Node } from 'jsonc-parser';
import type { Span } from '../model';
import type { FileView } from '../sources/files';
import { mergeRules } from './mergeRules';
import { parseConfig } from './parse';
import { presetRules } from './presets';
import type { ConfigFileData, ConfigProblem, TeamConfig } from './types';

export interface LoadedConfig {
  /** Undefined when the file or one it extends has an error. */
  config?: TeamConfig;
  problems: ConfigProblem[];
  /** Every file read, the broken ones included, so a change to any of them reloads. */
  sources: string[];
}

interface Layer {
  file: string;
  tree?: Node;
  data: ConfigFileData;
}

interface Loading {
  files: FileView;
  problems: ConfigProblem[];
  sources: string[];
}

/** Reads a configuration file and everything it extends, and merges them in order. */
export function loadConfig(file: string, files: FileView): LoadedConfig {
  const loading: Loading = { files, problems: [], sources: [] };
  const { problems, sources } = loading;
  const text = files.read(file);
  if (text === undefined) {
    problems.push({ file, span: { start: 0, end: 0 }, severity: 'error', message: `Cannot read the configuration file ${file}.` });
    return { problems, sources };
  }
  const layers = layersOf(file, text, [file], loading);
  return { config: layers && merge(file, layers, sources), problems, sources };
}

/** The file's layers, those it extends first; undefined when any of them is broken. */
function layersOf(file: string, text: string, chain: string[], loading: Loading): Layer[] | undefined {
  const { problems } = loading;
  loading.sources.push(file);
  const parsed = parseConfig(file, text);
  problems.push(...parsed.problems);
  if (!parsed.data || !parsed.tree) return undefined;
  const layers: Layer[] = [];
  let broken = false;
  const extendsNode = findNodeAtLocation(parsed.tree, ['extends']);
  const entries = extendsNode?.type === 'array' ? (extendsNode.children ?? []) : extendsNode ? [extendsNode] : [];
  for (const entry of entries) {
    const name = entry.value as string;
    const fail = (message: string) => {
      problems.push({ file, span: spanOf(entry), severity: 'error', message });
      broken = true;
    };
    const preset = presetRules(name);
    if (preset) {
      layers.push({ file, data: { rules: preset } });
      continue;
    }
    const target = path.resolve(path.dirname(file), name);
    const targetText = chain.includes(target) ? undefined : loading.files.read(target);
    if (chain.includes(target)) fail(`"extends" makes a cycle: ${[...chain, target].map((f) => path.basename(f)).join(' → ')}.`);
    else if (targetText === undefined) fail(`Cannot read ${name} (resolved to ${target}).`);
    else {
      const extended = layersOf(target, targetText, [...chain, target], loading);
      if (extended) layers.push(...extended);
      else fail(`${name} has errors, so this configuration is not applied until they are fixed.`);
    }
  }
  layers.push({ file, tree: parsed.tree, data: parsed.data });
  return broken ? undefined : layers;
}

function merge(file: string, layers: Layer[], sources: string[]): TeamConfig {
  const config: TeamConfig = {
    file,
    rules: {},
    overrides: [],
    tableSizeThresholds: {},
    environments: {},
    baseline: {},
    honorSquawkIgnores: false,
    sources,
  };
  for (const { file: from, tree, data } of layers) {
    const dir = path.dirname(from);
    config.rules = mergeRules(config.rules, data.rules);
    config.pgVersion = data.pgVersion ?? config.pgVersion;
    if (data.roots) {
      config.roots = data.roots.map((r) => (typeof r === 'string' ? { path: path.resolve(dir, r) } : { path: path.resolve(dir, r.path), format: r.format }));
    }
    for (const o of data.overrides ?? []) config.overrides.push({ base: dir, files: o.files, rules: o.rules ?? {}, pgVersion: o.pgVersion });
    Object.assign(config.tableSizeThresholds, data.tableSizeThresholds);
    Object.assign(config.environments, data.environments);
    config.baseline.startAfter = data.baseline?.startAfter ?? config.baseline.startAfter;
    const since = tree && findNodeAtLocation(tree, ['baseline', 'changedSince']);
    if (since) config.baseline.changedSince = { ref: since.value, origin: { file: from, span: spanOf(since) } };
    config.honorSquawkIgnores = data.honorSquawkIgnores ?? config.honorSquawkIgnores;
  }
  return config;
}

function spanOf(node: Node): Span {
  return { start: node.offset, end: node.offset + node.length };
}
