// The catalog before any statement of a folder: every earlier migration replayed in run
// order, then the earlier statements of the same script. States after each migration are
// cached by the text of every up script so far, so that typing in migration N replays
// only N and what follows, never 1..N-1 again. Within a script, the states before each
// statement are kept from one analysis to the next and replay resumes at the first
// statement an edit changed (see ScriptStates).
import type { MigrationUnit } from '../rules/types';
import type { Statement } from '../sql/script';
import { Catalog } from './catalog';
import { replay } from './replay';
import { resumeStates, type ScriptStates } from './resume';

/** Where in a folder a rule stands: a migration, and optionally a statement of its up or down script. */
export interface SchemaPoint {
  unit: MigrationUnit;
  statement?: Statement;
  direction?: 'up' | 'down';
}

interface TextState {
  text: string;
  state: CachedState;
}

interface CachedState {
  /** Identifies this state as the start of the next migration's cache key. */
  id: number;
  catalog: Catalog;
}

/**
 * States after a migration, keyed by the id of the state before it and the migration's
 * file, and valid for one up text. Two generations per folder: what the last analysis used
 * and what the current one uses, so edits do not pile up states nobody will ask for again.
 * The text is compared rather than made part of the key: hashing a key that holds a
 * 600 kB script cost more per check than replaying the schema of its unchanged neighbours.
 */
class StateCache {
  private current = new Map<string, TextState>();
  private previous = new Map<string, TextState>();
  /** Per script: the states before each of its statements, by the state it starts from, its file and direction. */
  private scriptsNow = new Map<string, ScriptStates>();
  private scriptsBefore = new Map<string, ScriptStates>();

  /** Starts an analysis: states the previous one did not use are dropped. */
  rotate(): void {
    this.previous = this.current;
    this.current = new Map();
    this.scriptsBefore = this.scriptsNow;
    this.scriptsNow = new Map();
  }

  /** What the last analysis (or this one) worked out for a script; kept for the next analysis too. */
  script(key: string): ScriptStates | undefined {
    return this.scriptsNow.get(key) ?? this.scriptsBefore.get(key);
  }

  setScript(key: string, states: ScriptStates): void {
    this.scriptsNow.set(key, states);
  }

  get(key: string, text: string): CachedState | undefined {
    const hit = [this.current.get(key), this.previous.get(key)].find((t) => t?.text === text);
    if (hit) this.current.set(key, hit);
    return hit?.state;
  }

  set(key: string, text: string, state: CachedState): void {
    this.current.set(key, { text, state });
  }

  /** A state kept under `key` (for any text) that is this very catalog. */
  withCatalog(key: string, catalog: Catalog): CachedState | undefined {
    return [this.current.get(key), this.previous.get(key)].find((t) => t?.state.catalog === catalog)?.state;
  }
}

const caches = new Map<string, StateCache>();
let nextStateId = 1;
const EMPTY: CachedState = { id: 0, catalog: Catalog.empty };

/** The schema history of one analysed folder; states are worked out only when a rule asks. */
export class FolderSchema {
  private cache?: StateCache;
  private readonly afterEach: CachedState[] = [];
  private readonly perStatement = new Map<string, Catalog[]>();

  constructor(
    private readonly folderPath: string,
    private readonly units: readonly MigrationUnit[],
  ) {}

  /** The folder's cache, rotated on first use only: an analysis in which no rule asks must not drop it. */
  private folderCache(): StateCache {
    if (!this.cache) {
      let cache = caches.get(this.folderPath);
      if (!cache) caches.set(this.folderPath, (cache = new StateCache()));
      cache.rotate();
      this.cache = cache;
    }
    return this.cache;
  }

  /** The catalog just before `at`: before the migration's first statement when no statement is given. */
  before(at: SchemaPoint): Catalog {
    const position = this.units.indexOf(at.unit);
    if (position < 0) return Catalog.empty;
    const direction = at.direction ?? 'up';
    const index = at.statement?.index ?? 0;
    // A down runs after its own up.
    const start = direction === 'up' ? this.stateAfter(position - 1) : this.stateAfter(position);
    if (index === 0) return start.catalog;
    return this.statementStates(at.unit, direction, start)[index];
  }

  /** The catalog after every migration's up script. */
  atEnd(): Catalog {
    return this.stateAfter(this.units.length - 1).catalog;
  }

  private stateAfter(position: number): CachedState {
    if (position < 0) return EMPTY;
    const known = this.afterEach[position];
    if (known) return known;
    // Iterative, so a folder of thousands of migrations cannot overflow the stack.
    let state = EMPTY;
    for (let i = 0; i <= position; i++) {
      if (this.afterEach[i]) {
        state = this.afterEach[i];
        continue;
      }
      const { up, migration } = this.units[i];
      const key = `${state.id}\u0000${migration.path}`;
      const text = up.script.text.slice(up.script.span.start, up.script.span.end);
      let after = this.folderCache().get(key, text);
      if (!after) {
        // A script being edited has its states per statement from the last analysis: resuming
        // them replays what the edit changed, where a fresh replay would redo a 5,000-statement file.
        const editing = this.folderCache().script(`${key}\u0000up`) !== undefined;
        const catalog = editing ? this.statementStates(this.units[i], 'up', state).at(-1)! : replay(state.catalog, up.statements, migration.path);
        // The same catalog as before the edit keeps its id, so later migrations keep their cached states.
        after = this.folderCache().withCatalog(key, catalog) ?? { id: nextStateId++, catalog };
        this.folderCache().set(key, text, after);
      }
      this.afterEach[i] = state = after;
    }
    return state;
  }

  /** The catalog before each statement of one script, by statement index. */
  private statementStates(unit: MigrationUnit, direction: 'up' | 'down', start: CachedState): Catalog[] {
    const path = unit.migration.path;
    const key = `${start.id}\u0000${path}\u0000${direction}`;
    let states = this.perStatement.get(key);
    if (!states) {
      const statements = unit[direction]?.statements ?? [];
      const resumed = resumeStates(this.folderCache().script(key), start.catalog, statements, path);
      this.folderCache().setScript(key, resumed);
      this.perStatement.set(key, (states = resumed.states));
    }
    return states;
  }
}
