// The states before each statement of a script, worked out again after an edit from what
// the previous analysis of the same script found: statements before the first change keep
// their states, and so does the run after the last change whenever replay arrives at the
// very state it had before (a statement whose effect did not change leaves the catalog it
// had: an INSERT leaves it as it was, an edit that only touches spacing parses the same).
import type { Statement } from '../sql/script';
import type { Catalog } from './catalog';
import { replay } from './replay';

export interface ScriptStates {
  statements: readonly Statement[];
  /** `states[i]` is the catalog before statement i; the last one is after the script. */
  states: Catalog[];
}

export function resumeStates(previous: ScriptStates | undefined, start: Catalog, statements: readonly Statement[], origin: string): ScriptStates {
  const old = previous && previous.states[0] === start ? previous : { statements: [], states: [start] };
  const n = statements.length;
  const m = old.statements.length;
  let prefix = 0;
  while (prefix < n && prefix < m && statements[prefix].text === old.statements[prefix].text) prefix++;
  let suffix = 0;
  while (suffix < n - prefix && suffix < m - prefix && statements[n - 1 - suffix].text === old.statements[m - 1 - suffix].text) suffix++;

  const states = old.states.slice(0, prefix + 1);
  // The changed run: a statement that parses to the same tree as the one it replaces, from
  // the same state, ends in the same state. Trees are compared only for statements that
  // change the schema (small ones), never for a 1 MB INSERT, which leaves the state as it was.
  const sameCount = n === m;
  for (let i = prefix; i < n - suffix; i++) {
    const before = states[i];
    const after = replay(before, [statements[i]], origin);
    const unchanged = after !== before && sameCount && before === old.states[i] && sameTree(statements[i], old.statements[i]);
    states.push(unchanged ? old.states[i + 1] : after);
  }
  // The unchanged run at the end: reused when replay arrived where it was before.
  for (let i = n - suffix; i < n; i++) {
    const j = i - n + m;
    states.push(states[i] === old.states[j] ? old.states[j + 1] : replay(states[i], [statements[i]], origin));
  }
  return { statements, states };
}

/** Same kind and the same parse tree, positions aside. */
function sameTree(a: Statement, b: Statement): boolean {
  return a.kind === b.kind && sameNode(a.node, b.node);
}

function sameNode(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => k !== 'location');
  const kb = Object.keys(b).filter((k) => k !== 'location');
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameNode((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
