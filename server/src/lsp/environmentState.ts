// What the server knows of the active environment: its applied migrations and its table sizes,
// read in the background and kept, so that checking a file (on every keystroke) only combines
// them with the files and never waits on a database.
import type { AppliedStatePayload } from '../../../client/webview/protocol';
import { readAppliedState, type AppliedRecord } from '../core/db/appliedState';
import { folderStatus, type FolderStatus } from '../core/db/appliedStatus';
import { messageOf } from '../core/db/connection';
import { readTableSizes, type TableSizes } from '../core/db/tableSizes';
import type { FolderAnalysis } from '../core/engine';
import type { DatabaseAccess } from './databaseAccess';

interface Read {
  environment?: string;
  records?: AppliedRecord[];
  sizes?: TableSizes;
  error?: string;
}

/** How long a read stays good for a reload that does not change the environment (typing in a configuration file reloads often). */
const FRESH_MS = 30_000;

export class EnvironmentState {
  private last: Read = {};
  private lastKey?: string;
  private lastAt = 0;
  private generation = 0;

  constructor(private readonly access: DatabaseAccess) {}

  /** Reads the active environment again, unless `whenStale` and a recent read of the same environment exists; the newest read wins. */
  async refresh(whenStale = false): Promise<void> {
    const key = this.targetKey();
    if (whenStale && key === this.lastKey && Date.now() - this.lastAt < FRESH_MS) return;
    const generation = ++this.generation;
    const read = await this.read();
    if (generation !== this.generation) return;
    this.last = read;
    this.lastKey = key;
    this.lastAt = Date.now();
  }

  private targetKey(): string {
    try {
      return JSON.stringify(this.access.target());
    } catch (e) {
      return messageOf(e);
    }
  }

  /** The environment last read, when one was. */
  get name(): string | undefined {
    return this.last.environment;
  }

  /** The folder's migrations on the environment last read; undefined when none was. */
  statusOf(analysis: FolderAnalysis): FolderStatus | undefined {
    const { records, environment } = this.last;
    return records && environment ? folderStatus(analysis.units.map((u) => u.migration), records, environment) : undefined;
  }

  /** The table sizes of the environment last read, with its name. */
  sizes(): { environment: string; sizes: TableSizes } | undefined {
    const { sizes, environment } = this.last;
    return sizes && environment ? { environment, sizes } : undefined;
  }

  payload(analyses: FolderAnalysis[]): AppliedStatePayload {
    const folders = analyses.flatMap((a) => {
      const status = this.statusOf(a);
      return status ? [{ path: a.folder.path, states: Object.fromEntries(status.states), unknown: status.unknown }] : [];
    });
    return { environment: this.last.environment, error: this.last.error, folders: folders.sort((a, b) => a.path.localeCompare(b.path)) };
  }

  private async read(): Promise<Read> {
    let target;
    try {
      target = this.access.target();
    } catch (e) {
      return { error: messageOf(e) };
    }
    if (target.kind === 'embedded') return { error: 'No environment is selected (Migration Guard: Select Environment), so there is no applied state to read.' };
    try {
      return await this.access.withConnection(target, async (c) => ({
        environment: target.name,
        records: await readAppliedState(c.client),
        sizes: await readTableSizes(c.client),
      }));
    } catch (e) {
      return { environment: target.name, error: messageOf(e) };
    }
  }
}
