import type { FileView } from '../sources/files';
import { findConfigFile } from './find';
import { loadConfig, type LoadedConfig } from './load';
import type { ConfigProblem, TeamConfig } from './types';

export interface ResolverOptions {
  /** A configuration named explicitly (the CLI's `--config`): it applies everywhere. */
  explicit?: string;
  /** Where the walk up from a directory stops (its workspace folder); none: the filesystem root. */
  boundary?: (dir: string) => string | undefined;
}

/**
 * Which team configuration applies to each migration folder. A file that breaks keeps
 * its last good version in force (the editor goes on checking with it), while its
 * problems are reported in the file itself.
 */
export class ConfigResolver {
  private readonly lastGood = new Map<string, TeamConfig>();
  private loaded = new Map<string, LoadedConfig>();
  private nearest = new Map<string, string | undefined>();

  constructor(
    private files: FileView,
    private readonly options: ResolverOptions = {},
  ) {}

  /** Files may have changed: read everything again, keeping the last good configurations. */
  reset(files: FileView = this.files): void {
    this.files = files;
    this.loaded = new Map();
    this.nearest = new Map();
  }

  /** The configuration for the folder `dir`, or undefined when none applies. */
  configFor(dir: string): TeamConfig | undefined {
    const file = this.options.explicit ?? this.fileFor(dir);
    return file ? this.load(file) : undefined;
  }

  /** Problems by configuration file, for every file read (an empty list when it has none). */
  problems(): Map<string, ConfigProblem[]> {
    const byFile = new Map<string, ConfigProblem[]>();
    for (const loaded of this.loaded.values()) {
      for (const source of loaded.sources) byFile.set(source, []);
      for (const p of loaded.problems) byFile.get(p.file)?.push(p);
    }
    return byFile;
  }

  /** Every configuration file read, the extended ones included. */
  sources(): Set<string> {
    return new Set([...this.loaded.values()].flatMap((l) => l.sources));
  }

  private fileFor(dir: string): string | undefined {
    if (!this.nearest.has(dir)) this.nearest.set(dir, findConfigFile(dir, this.files, this.options.boundary?.(dir)));
    return this.nearest.get(dir);
  }

  private load(file: string): TeamConfig | undefined {
    let loaded = this.loaded.get(file);
    if (!loaded) {
      loaded = loadConfig(file, this.files);
      this.loaded.set(file, loaded);
      if (loaded.config) this.lastGood.set(file, loaded.config);
    }
    return loaded.config ?? this.lastGood.get(file);
  }
}
