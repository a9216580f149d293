import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { repoRoot } from '../support/paths';

// The grammars are tokenized with the engine VS Code itself uses (vscode-textmate on oniguruma).
// tm-grammars ships copies of VS Code's built-in Python (MagicPython) and SQL grammars, and the
// injections are wired up from package.json's contributes.grammars, as VS Code does.

interface GrammarContribution {
  scopeName: string;
  path: string;
  injectTo?: string[];
  embeddedLanguages?: Record<string, string>;
}

const contributions: GrammarContribution[] = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).contributes.grammars;
const grammarFiles: Record<string, string> = {
  'source.python': require.resolve('tm-grammars/grammars/python.json'),
  'source.sql': require.resolve('tm-grammars/grammars/sql.json'),
  ...Object.fromEntries(contributions.map((c) => [c.scopeName, path.join(repoRoot, c.path)])),
};

async function loadRegistry(): Promise<textmate.Registry> {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  return new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) => {
      const file = grammarFiles[scopeName];
      return file ? textmate.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
    },
    getInjections: (scopeName) => contributions.filter((c) => c.injectTo?.includes(scopeName)).map((c) => c.scopeName),
  });
}

/** One token of a tokenized text, with where it starts in the whole text. */
interface Token {
  start: number;
  end: number;
  scopes: string[];
}

function tokenize(grammar: textmate.IGrammar, text: string): Token[] {
  const tokens: Token[] = [];
  let stack = textmate.INITIAL;
  let offset = 0;
  for (const line of text.split('\n')) {
    const result = grammar.tokenizeLine(line, stack);
    for (const t of result.tokens) tokens.push({ start: offset + t.startIndex, end: offset + Math.min(t.endIndex, line.length), scopes: t.scopes });
    stack = result.ruleStack;
    offset += line.length + 1;
  }
  return tokens;
}

describe('grammars (TextMate, as VS Code tokenizes)', () => {
  let python: textmate.IGrammar;
  let sql: textmate.IGrammar;

  before(async () => {
    const registry = await loadRegistry();
    const [p, s] = await Promise.all([registry.loadGrammar('source.python'), registry.loadGrammar('source.sql')]);
    assert.ok(p && s, 'the Python and SQL grammars load');
    [python, sql] = [p, s];
  });

  /**
   * The scopes of the token holding the `nth` occurrence of `needle` in `text`, asserting that the
   * token is exactly `needle` so that a pattern swallowing more (or less) than intended shows up.
   */
  function scopesOf(grammar: textmate.IGrammar, text: string, needle: string, nth = 1): string[] {
    let at = -1;
    for (let i = 0; i < nth; i++) at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `${JSON.stringify(needle)} occurs ${nth} time(s) in the sample`);
    const token = tokenize(grammar, text).find((t) => t.start <= at && at < t.end);
    assert.ok(token);
    assert.equal(text.slice(token.start, token.end), needle, `token at ${JSON.stringify(needle)}`);
    return token.scopes;
  }

  const has = (scopes: string[], scope: string) => assert.ok(scopes.includes(scope), `${scope} in ${scopes.join(' ')}`);
  const lacks = (scopes: string[], prefix: string) =>
    assert.ok(!scopes.some((s) => s.startsWith(prefix)), `no ${prefix}… in ${scopes.join(' ')}`);
  const isSql = (scopes: string[], keywordScope: string) => {
    has(scopes, keywordScope);
    assert.ok(scopes.some((s) => s.startsWith('meta.embedded.') && s.endsWith('.sql')), `embedded SQL in ${scopes.join(' ')}`);
    lacks(scopes, 'string.');
  };
  const isPythonString = (scopes: string[]) => {
    has(scopes, 'string.quoted.single.python');
    lacks(scopes, 'meta.embedded.');
  };

  describe('SQL inside Python', () => {
    it("highlights op.execute(\"…\") as SQL and keeps the quotes Python's", () => {
      const text = 'op.execute("CREATE INDEX i ON t (a)")';
      isSql(scopesOf(python, text, 'CREATE'), 'keyword.other.sql');
      isSql(scopesOf(python, text, 'ON'), 'keyword.other.DDL.create.II.sql');
      has(scopesOf(python, text, '"'), 'punctuation.definition.string.begin.python');
      has(scopesOf(python, text, '"', 2), 'punctuation.definition.string.end.python');
      has(scopesOf(python, text, 'execute'), 'meta.function-call.generic.python');
    });

    it('highlights a triple-quoted string over several lines, and the code after it as Python again', () => {
      const text = ['def upgrade():', '    op.execute(', '        """', '        CREATE INDEX CONCURRENTLY i ON t (a);', '        """', '    )', '    x = "CREATE"'].join('\n');
      const create = scopesOf(python, text, 'CREATE');
      isSql(create, 'keyword.other.create.sql');
      has(create, 'meta.embedded.block.sql');
      has(scopesOf(python, text, '"""', 2), 'punctuation.definition.string.end.python');
      has(scopesOf(python, text, ')', 3), 'punctuation.definition.arguments.end.python');
      isPythonString(scopesOf(python, text, 'CREATE', 2));
    });

    it("highlights sa.text('…') and text(\"…\"), also nested in another call", () => {
      const text = "conn.execute(sa.text('SELECT * FROM t WHERE a = :a'), {'a': 'SELECT'})\nq = text(\"DELETE FROM t\")";
      isSql(scopesOf(python, text, 'SELECT'), 'keyword.other.DML.sql');
      isSql(scopesOf(python, text, 'WHERE'), 'keyword.other.DML.sql');
      isPythonString(scopesOf(python, text, 'SELECT', 2));
      isSql(scopesOf(python, text, 'DELETE'), 'keyword.other.DML.sql');
    });

    it('highlights migrations.RunSQL(sql=…, reverse_sql=…) but not its other keyword arguments', () => {
      const text = 'migrations.RunSQL(sql="DROP TABLE x", reverse_sql="CREATE TABLE x (id int)", hints={"note": "DROP"})';
      isSql(scopesOf(python, text, 'DROP'), 'keyword.other.create.sql');
      isSql(scopesOf(python, text, 'CREATE'), 'keyword.other.sql');
      has(scopesOf(python, text, 'reverse_sql'), 'variable.parameter.function-call.python');
      has(scopesOf(python, text, 'hints'), 'variable.parameter.function-call.python');
      isPythonString(scopesOf(python, text, 'DROP', 2));
    });

    it('highlights RunSQL positional arguments: lists of statements and (sql, params) pairs', () => {
      const text = 'migrations.RunSQL([("INSERT INTO m (name) VALUES (%s)", ["DELETE"])], "DELETE FROM m", elidable=True)';
      isSql(scopesOf(python, text, 'INSERT INTO'), 'keyword.other.DML.sql');
      isPythonString(scopesOf(python, text, 'DELETE'));
      isSql(scopesOf(python, text, 'DELETE', 2), 'keyword.other.DML.sql');
      has(scopesOf(python, text, 'True'), 'constant.language.python');
    });

    it('highlights f-strings with their replacement fields, raw strings, and stops a -- comment at the closing quote', () => {
      const text = 'op.execute(f"UPDATE {table} SET a = 1 -- why", execution_options=None)';
      isSql(scopesOf(python, text, 'UPDATE'), 'keyword.other.DML.sql');
      has(scopesOf(python, text, '{'), 'constant.character.format.placeholder.other.python');
      has(scopesOf(python, text, '--'), 'comment.line.double-dash.sql');
      has(scopesOf(python, text, '"', 2), 'punctuation.definition.string.end.python');
      has(scopesOf(python, text, 'None'), 'constant.language.python');
      const raw = "op.execute(r'SELECT 1')";
      has(scopesOf(python, raw, 'r'), 'storage.type.string.python');
      isSql(scopesOf(python, raw, 'SELECT'), 'keyword.other.DML.sql');
    });

    it('leaves ordinary Python strings alone', () => {
      const text = ['print("CREATE")', 'self.text("CREATE")', 'op.add_column("CREATE")', '"""CREATE"""'].join('\n');
      for (let nth = 1; nth <= 3; nth++) isPythonString(scopesOf(python, text, 'CREATE', nth));
      lacks(scopesOf(python, text, 'CREATE', 4), 'meta.embedded.');
      lacks(scopesOf(python, text, 'CREATE', 4), 'keyword.');
    });
  });

  describe('ignore directives', () => {
    it('scopes a Python comment directive: keyword, rule id, reason', () => {
      const text = '# migration-guard-ignore ban-drop-table: the table is empty';
      has(scopesOf(python, text, 'migration-guard-ignore'), 'keyword.other.directive.migration-guard');
      has(scopesOf(python, text, 'ban-drop-table'), 'entity.name.tag.rule-id.migration-guard');
      const reason = scopesOf(python, text, ' the table is empty');
      has(reason, 'comment.line.reason.migration-guard');
      has(reason, 'comment.line.number-sign.python');
    });

    it('scopes a SQL comment directive with several rule ids', () => {
      const text = 'DROP TABLE t; -- migration-guard-ignore ban-drop-table, ban-drop-column: why';
      has(scopesOf(sql, text, 'migration-guard-ignore'), 'keyword.other.directive.migration-guard');
      has(scopesOf(sql, text, 'ban-drop-table'), 'entity.name.tag.rule-id.migration-guard');
      has(scopesOf(sql, text, ','), 'punctuation.separator.comma.migration-guard');
      has(scopesOf(sql, text, 'ban-drop-column'), 'entity.name.tag.rule-id.migration-guard');
      has(scopesOf(sql, text, ' why'), 'comment.line.reason.migration-guard');
    });

    it('scopes -file directives, block comments and directives in SQL inside Python', () => {
      const file = '-- migration-guard-ignore-file ban-drop-column\n/* migration-guard-ignore x: y */';
      has(scopesOf(sql, file, 'migration-guard-ignore-file'), 'keyword.other.directive.migration-guard');
      has(scopesOf(sql, file, 'ban-drop-column'), 'entity.name.tag.rule-id.migration-guard');
      has(scopesOf(sql, file, 'x'), 'entity.name.tag.rule-id.migration-guard');
      has(scopesOf(sql, file, ' y'), 'comment.line.reason.migration-guard');
      const embedded = 'op.execute("""\n    -- migration-guard-ignore ban-drop-table: empty\n    DROP TABLE t\n""")';
      has(scopesOf(python, embedded, 'ban-drop-table'), 'entity.name.tag.rule-id.migration-guard');
    });

    it('leaves other comments alone', () => {
      for (const [grammar, text] of [
        [sql, '-- not migration-guard-ignored here'],
        [python, '# migration-guard-ignorex'],
      ] as const)
        for (const t of tokenize(grammar, text)) lacks(t.scopes, 'meta.directive.');
    });
  });

  it('maps every embedded SQL scope to the sql language and ships the grammars', () => {
    const embedded = contributions.find((c) => c.injectTo?.includes('source.python') && c.embeddedLanguages);
    assert.ok(embedded);
    const grammarText = fs.readFileSync(path.join(repoRoot, embedded.path), 'utf8');
    const contentNames = new Set([...grammarText.matchAll(/"contentName": "(meta\.embedded\.[^"]+)"/g)].map((m) => m[1]));
    assert.deepEqual([...contentNames].sort(), Object.keys(embedded.embeddedLanguages ?? {}).sort());
    for (const language of Object.values(embedded.embeddedLanguages ?? {})) assert.equal(language, 'sql');
    assert.match(fs.readFileSync(path.join(repoRoot, '.vscodeignore'), 'utf8'), /^!syntaxes\/\*\*$/m);
  });
});
