import * as path from 'node:path';
import { analyzeFolder, type EngineOptions, type FolderAnalysis } from './engine';
import type { FormatId } from './model';
import { discoverFolders, folderContaining, readFolder, type FolderRef } from './sources';
import type { FileView } from './sources/files';

export interface WorkspaceOptions extends EngineOptions {
  /** Folders whose format is named rather than detected: absolute path → format. */
  formats?: Record<string, FormatId>;
}

/**
 * The migration folders under a set of roots and their analyses. The language
 * server and the CLI both go through it, so the editor and CI agree.
 */
export class MigrationWorkspace {
  private refs: FolderRef[] = [];

  constructor(
    private readonly roots: string[],
    private readonly files: FileView,
    public options: WorkspaceOptions,
  ) {}

  /** Walks the roots again; call after folders appear or vanish. */
  discover(): FolderRef[] {
    this.refs = discoverFolders(this.roots.map((r) => path.resolve(r)), this.files, { formats: this.options.formats });
    return this.refs;
  }

  get folders(): readonly FolderRef[] {
    return this.refs;
  }

  /** The migration folder a file belongs to, if any. */
  folderOf(file: string): FolderRef | undefined {
    return folderContaining(path.resolve(file), this.refs);
  }

  analyze(ref: FolderRef): FolderAnalysis {
    return analyzeFolder(readFolder(ref, this.files), this.options);
  }
}
