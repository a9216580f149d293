import * as path from 'node:path';
import { changedFiles, beforeBaseline } from './config/baseline';
import { effectiveOptions, type Flags } from './config/effective';
import type { ConfigResolver } from './config/resolver';
import type { Origin, TeamConfig } from './config/types';
import { analyzeFolder, scriptPaths, type EngineOptions, type FileSettings, type FolderAnalysis } from './engine';
import type { FormatId } from './model';
import { RuleResultCache } from './ruleResults';
import { allRules } from './rules';
import { discoverFolders, folderContaining, readFolder, type FolderRef } from './sources';
import type { FileView } from './sources/files';

export interface WorkspaceOptions extends FileSettings {
  /** Folders whose format is named rather than detected: absolute path → format. */
  formats?: Record<string, FormatId>;
  /** Team configuration files; without them the settings above apply everywhere. */
  configs?: ConfigResolver;
  /** Command-line flags, over every configuration file. */
  flags?: Flags & { changedSince?: ChangedSince };
  /**
   * Keep each rule's reports per statement between analyses of a folder, as the editor
   * wants (it checks again after every keystroke); a single check would only pay for it.
   */
  keepRuleResults?: boolean;
}

interface ChangedSince {
  ref: string;
  /** A directory inside the git repository. */
  cwd: string;
  /** The configuration value that asked for it, if one did. */
  origin?: Origin;
}

/** A folder's analysis, limited to the files its baseline leaves in. */
export interface CheckedFolder extends FolderAnalysis {
  /** Every file checked, with findings or without. */
  files: string[];
}

export interface BaselineError {
  message: string;
  origin?: Origin;
}

/**
 * The migration folders under a set of roots and their analyses. The language
 * server and the CLI both go through it, so the editor and CI agree.
 */
export class MigrationWorkspace {
  private refs: FolderRef[] = [];
  /** Files changed since a ref, by ref and directory; undefined where git failed. */
  private readonly changed = new Map<string, Set<string> | undefined>();
  private readonly ruleResults = new Map<string, RuleResultCache>();

  constructor(
    private readonly roots: string[],
    private readonly files: FileView,
    public options: WorkspaceOptions,
  ) {}

  /** Walks the roots again; call after folders or configuration files appear or vanish. */
  discover(): FolderRef[] {
    const roots = this.roots.map((r) => path.resolve(r));
    this.refs = discoverFolders(roots, this.files, { formats: this.options.formats });
    // Configurations that name their folders (and maybe formats) limit what is checked below them.
    const named = new Map<string, TeamConfig>();
    for (const ref of this.refs) {
      const config = this.configFor(ref.path);
      if (config?.roots) named.set(config.file, config);
    }
    if (named.size === 0) return this.refs;
    const formats = { ...this.options.formats };
    for (const config of named.values()) for (const r of config.roots ?? []) if (r.format) formats[r.path] = r.format;
    this.refs = discoverFolders(roots, this.files, { formats }).filter((ref) => {
      const config = this.configFor(ref.path);
      return roots.some((r) => inside(ref.path, r)) && (!config?.roots || config.roots.some((r) => inside(ref.path, r.path)));
    });
    return this.refs;
  }

  get folders(): readonly FolderRef[] {
    return this.refs;
  }

  /** The migration folder a file belongs to, if any. */
  folderOf(file: string): FolderRef | undefined {
    return folderContaining(path.resolve(file), this.refs);
  }

  /** Everything that applies to a folder's files: personal settings, the team configuration, flags. */
  optionsFor(folder: string): EngineOptions {
    return effectiveOptions(this.configFor(folder), this.options, this.options.flags);
  }

  /** What applies to one file of a folder, its configuration's overrides included. */
  settingsFor(folder: string, file: string): FileSettings {
    const options = this.optionsFor(folder);
    return options.forFile?.(file) ?? options;
  }

  /** Asks git again which files changed, for every baseline that wants to know. */
  async refreshBaselines(): Promise<BaselineError[]> {
    const wanted = new Map<string, ChangedSince>();
    for (const ref of this.refs) {
      const since = this.changedSinceOf(ref.path);
      if (since) wanted.set(keyOf(since), since);
    }
    this.changed.clear();
    const errors: BaselineError[] = [];
    for (const [key, since] of wanted) {
      try {
        this.changed.set(key, await changedFiles(since.cwd, since.ref));
      } catch (e) {
        this.changed.set(key, undefined);
        errors.push({ message: `Cannot tell which files changed since "${since.ref}": ${(e as Error).message}`, origin: since.origin });
      }
    }
    return errors;
  }

  analyze(ref: FolderRef): CheckedFolder {
    const analysis = analyzeFolder(readFolder(ref, this.files), this.optionsFor(ref.path), allRules, this.ruleResultsOf(ref.path));
    const inScope = this.scopeOf(ref, analysis);
    const files = new Set([
      ...analysis.units.flatMap((u) => scriptPaths(u)),
      ...analysis.folder.strays.map((s) => s.path),
    ]);
    return { ...analysis, findings: analysis.findings.filter((f) => inScope(f.path)), files: [...files].filter(inScope) };
  }

  private ruleResultsOf(folder: string): RuleResultCache | undefined {
    if (!this.options.keepRuleResults) return undefined;
    let cache = this.ruleResults.get(folder);
    if (!cache) this.ruleResults.set(folder, (cache = new RuleResultCache()));
    return cache;
  }

  private configFor(folder: string): TeamConfig | undefined {
    return this.options.configs?.configFor(folder);
  }

  private changedSinceOf(folder: string): ChangedSince | undefined {
    const flag = this.options.flags?.changedSince;
    if (flag) return flag;
    const since = this.configFor(folder)?.baseline.changedSince;
    return since && { ref: since.ref, cwd: path.dirname(since.origin.file), origin: since.origin };
  }

  /** Which files the baseline leaves in: after `startAfter`, and among the changed ones when git could tell. */
  private scopeOf(ref: FolderRef, analysis: FolderAnalysis): (file: string) => boolean {
    const startAfter = this.configFor(ref.path)?.baseline.startAfter;
    const early = startAfter ? analysis.units.filter((u) => beforeBaseline(u.migration, startAfter)) : [];
    const skipped = new Set(early.flatMap((u) => scriptPaths(u)));
    const since = this.changedSinceOf(ref.path);
    const changed = since && this.changed.get(keyOf(since));
    return (file) => !skipped.has(file) && (!changed || changed.has(file));
  }
}

const keyOf = (since: ChangedSince) => `${since.cwd}\u0000${since.ref}`;

function inside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}
