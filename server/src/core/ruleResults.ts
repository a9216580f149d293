// What each rule reported on each statement, kept between analyses of a folder so that
// after a keystroke only the statements whose parse tree changed are visited again. A visit is
// kept when it saw nothing of the migration but its own statement (the engine detects
// reads of the rest), and is reused while the statement's text, direction and transaction
// are the same and the `createdEarlier` questions asked of it get the same answers.
import type { FileEdit, Fix, Span } from './model';
import type { Report } from './rules/types';

/** One rule's visit of one statement: its reports with offsets from the statement's start. */
export type Visit = readonly Report[];

/** What is kept for one statement (by its parse tree) under one direction and transaction state. */
export interface Kept {
  /** Visits by rule slot; made on the first visit kept, as are the questions: a workspace has thousands of statements. */
  visits?: (Visit | undefined)[];
  /** The `createdEarlier` questions rules asked of the statement (relations), and their answers. */
  asked?: string[];
  answers?: boolean[];
  /** How many statements of the analysis `generation` have this text and state. */
  uses: number;
  generation: number;
}

/** Notes a `createdEarlier` answer, once per relation. */
export function noteAnswer(kept: Kept, relation: string, answer: boolean): void {
  kept.asked ??= [];
  kept.answers ??= [];
  if (kept.asked.includes(relation)) return;
  kept.asked.push(relation);
  kept.answers.push(answer);
}

// Rule slots a visits array has room for from the start: a packed array of this length
// stays fast to index, where one filled at scattered indices would turn into a dictionary.
const SLOTS = 48;

export class RuleResultCache {
  private readonly slots = new Map<string, number>();
  // By parse tree, then by variant (up or down, in a transaction or not): the parser hands out
  // one tree per statement text, so a statement that kept its text finds its entry by
  // identity, and entries go when nothing holds the tree any more.
  private readonly byTree = new WeakMap<object, (Kept | undefined)[]>();
  private generation = 0;

  /** A small number for one rule under one set of options, to index each statement's visits. */
  slotOf(ruleId: string, optionsKey: string): number {
    const key = `${ruleId}\u0000${optionsKey}`;
    let slot = this.slots.get(key);
    if (slot === undefined) this.slots.set(key, (slot = this.slots.size));
    return slot;
  }

  beginAnalysis(): void {
    this.generation++;
  }

  /**
   * What is kept for a statement; the same object serves the next analysis. `now` tells
   * what `createdEarlier` says for this statement now: when a kept answer differs, the
   * visits are dropped.
   */
  keptFor(tree: object, direction: 'up' | 'down', inTransaction: boolean, now: { wasCreatedEarlier(relation: string): boolean }): Kept {
    let variants = this.byTree.get(tree);
    if (!variants) this.byTree.set(tree, (variants = [undefined, undefined, undefined, undefined]));
    const variant = (direction === 'up' ? 0 : 2) + (inTransaction ? 1 : 0);
    const kept = (variants[variant] ??= { uses: 0, generation: this.generation });
    if (kept.generation !== this.generation) {
      kept.generation = this.generation;
      kept.uses = 0;
    }
    kept.uses++;
    const { asked, answers: given } = kept;
    for (let i = 0; asked && given && i < asked.length; i++) {
      if (now.wasCreatedEarlier(asked[i]) === given[i]) continue;
      kept.visits = kept.asked = kept.answers = undefined;
      break;
    }
    return kept;
  }
}

/** Stores a visit (undefined: none to keep), growing the array one slot at a time so that it stays packed. */
export function keepVisit(kept: Kept, slot: number, visit: Visit | undefined): void {
  if (!visit && !kept.visits) return;
  const visits = (kept.visits ??= new Array<Visit | undefined>(SLOTS).fill(undefined));
  while (visits.length <= slot) visits.push(undefined);
  visits[slot] = visit;
}

/**
 * `report` with its offsets made relative to the statement's start, or undefined when it
 * cannot move with the statement: it points outside the statement (past its `;` and line
 * break at most) or into another file.
 */
export function relativeReport(r: Report, path: string, statement: Span): Report | undefined {
  if (r.path !== undefined && r.path !== path) return undefined;
  const limit = statement.end + 2;
  const inside = (s: Span) => s.start >= statement.start && s.end <= limit;
  if (!inside(r.span)) return undefined;
  const fixes = r.fixes ?? [];
  if (!fixes.every((f) => f.edits.every((e) => e.path === path && !e.create && inside(e.span)))) return undefined;
  const base = statement.start;
  return { span: shift(r.span, -base), message: r.message, fixes: fixes.map((f) => moveFix(f, -base, '')) };
}

/** A kept report placed at a statement starting at `base` of the file `path`. */
export function placedReport(r: Report, path: string, base: number): Report {
  return { span: shift(r.span, base), message: r.message, fixes: r.fixes?.map((f) => moveFix(f, base, path)) };
}

function moveFix(f: Fix, by: number, path: string): Fix {
  const edits = f.edits.map((e): FileEdit => ({ path, span: shift(e.span, by), newText: e.newText }));
  return f.editsCode ? { title: f.title, edits, editsCode: true } : { title: f.title, edits };
}

const shift = (s: Span, by: number): Span => ({ start: s.start + by, end: s.end + by });
