import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import fc from 'fast-check';
import { analyzeFolder } from '../../server/src/core/engine';
import type { Migration } from '../../server/src/core/model';
import { loadParser } from '../../server/src/core/sql/parser';
import { parseScript } from '../../server/src/core/sql/script';
import { splitStatements } from '../../server/src/core/sql/split';
import { corpusSqlFiles } from '../support/corpusSql';

// Property tests: whatever text arrives (typed, pasted, binary, half-edited), the engine
// neither throws nor produces positions outside the text, and no rule fails on odd ASTs.

const SQL_BITS = ["'", '"', '$$', '$a$', '--', '/*', '*/', ';', '(', ')', 'E\'', '\\', '\n', 'BEGIN', 'ATOMIC', 'END', 'CASE', 'CREATE RULE r AS ON INSERT TO t DO (', '😀', 'é'];
const sqlish = fc.array(fc.oneof(fc.constantFrom(...SQL_BITS), fc.string({ maxLength: 8 }), fc.string({ unit: 'grapheme', maxLength: 4 })), { maxLength: 60 }).map((a) => a.join(' '));

function migrationOf(text: string, transaction: Migration['transaction'] = 'implicit'): Migration {
  const up = { path: '/f/0001_x.up.sql', text, span: { start: 0, end: text.length } };
  return { id: '0001', name: 'x', format: 'golang-migrate', folder: '/f', path: up.path, sortKey: [1], parents: [], up, supportsDown: true, transaction };
}

function assertWellFormed(text: string) {
  const parsed = parseScript({ path: '/f/x.sql', text, span: { start: 0, end: text.length } });
  let last = 0;
  for (const s of parsed.statements) {
    assert.ok(s.span.start >= last && s.span.start <= s.span.end && s.span.end <= text.length, `span ${JSON.stringify(s.span)} in ${JSON.stringify(text)}`);
    if (s.error) assert.ok(s.error.span.start >= 0 && s.error.span.end <= text.length);
    last = s.span.start;
  }
}

describe('fuzzing the engine', function () {
  this.timeout(120_000);
  before(() => loadParser());

  it('splits any text into ordered chunks inside it', () => {
    fc.assert(
      fc.property(sqlish, (text) => {
        let end = 0;
        for (const c of splitStatements(text).chunks) {
          assert.ok(c.span.start >= end && c.span.end >= c.span.start && c.span.end <= text.length);
          end = c.span.end;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('parses any text, random bytes included, with every position inside it', () => {
    fc.assert(fc.property(sqlish, assertWellFormed), { numRuns: 300 });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => assertWellFormed(Buffer.from(bytes).toString('utf8'))), { numRuns: 200 });
  });

  it('runs every rule on mutated real migrations without an internal error', () => {
    const files = corpusSqlFiles();
    assert.ok(files.length > 400, `corpus has ${files.length} .sql files`);
    const corpusText = fc.constantFrom(...files).map((f) => fs.readFileSync(f, 'utf8'));
    const mutation = fc.record({ at: fc.nat(), length: fc.nat({ max: 40 }), insert: fc.oneof(fc.constant(''), sqlish) });
    fc.assert(
      fc.property(corpusText, fc.array(mutation, { maxLength: 4 }), fc.constantFrom('implicit', 'wrapped', 'none', 'auto'), (original, mutations, transaction) => {
        let text = original;
        for (const m of mutations) {
          const at = m.at % (text.length + 1);
          text = text.slice(0, at) + m.insert + text.slice(at + m.length);
        }
        assertWellFormed(text);
        const { findings } = analyzeFolder({ path: '/f', format: 'golang-migrate', migrations: [migrationOf(text, transaction as Migration['transaction'])], strays: [] }, { pgVersion: 15 });
        const internal = findings.filter((f) => f.ruleId === 'internal-error');
        assert.deepEqual(internal, [], internal[0]?.message);
        for (const f of findings) assert.ok(f.span.start >= 0 && f.span.end <= text.length && f.span.start <= f.span.end, `${f.ruleId} at ${JSON.stringify(f.span)}`);
      }),
      { numRuns: 300 },
    );
  });
});
