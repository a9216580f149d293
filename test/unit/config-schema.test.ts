import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allChecks } from '../../server/src/core/catalog';
import { parseConfig } from '../../server/src/core/config/parse';
import { PRESET_NAMES } from '../../server/src/core/config/presets';
import { CONFIG_SCHEMA } from '../../server/src/core/config/schema';
import { adapters } from '../../server/src/core/sources';
import { repoRoot } from '../support/paths';

const FILE = '/repo/.migration-guard.json';
const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
const section = (title: string) => readme.slice(readme.indexOf(`## ${title}\n`), readme.indexOf('\n## ', readme.indexOf(`## ${title}\n`) + 1));

/** The one problem of a configuration text, with the text it points at. */
function problemOf(text: string) {
  const { problems, data } = parseConfig(FILE, text);
  assert.equal(problems.length, 1, JSON.stringify(problems));
  return { ...problems[0], at: text.slice(problems[0].span.start, problems[0].span.end), data };
}

describe('configuration schema', () => {
  it('accepts every example the README documents', () => {
    const blocks = [...section('Team configuration').matchAll(/```jsonc?\n([\s\S]*?)```/g)];
    assert.ok(blocks.length > 0);
    for (const [, text] of blocks) assert.deepEqual(parseConfig('/repo/.migration-guard.jsonc', text).problems, []);
    const rulePages = ['unused-ignore', 'ignore-missing-reason'].map((id) => fs.readFileSync(path.join(repoRoot, 'docs', 'rules', `${id}.md`), 'utf8'));
    for (const page of rulePages) for (const [, text] of page.matchAll(/```json\n([\s\S]*?)```/g)) assert.deepEqual(parseConfig(FILE, text).problems, []);
  });

  it('rejects wrong types at the offending value', () => {
    const p = problemOf('{ "pgVersion": "16" }');
    assert.equal(p.severity, 'error');
    assert.equal(p.at, '"16"');
    assert.equal(p.message, 'pgVersion must be integer.');
    assert.equal(p.data, undefined);
    assert.equal(problemOf('{ "overrides": [{ "files": "db/**" }] }').message, 'overrides[0].files must be array.');
  });

  it('rejects an unknown severity, alone or in [severity, options]', () => {
    const bare = problemOf('{ "rules": { "ban-drop-table": "warn" } }');
    assert.equal(bare.at, '"warn"');
    assert.match(bare.message, /^A rule takes a severity \("off", "hint", "info", "warning", "error"\) or \[severity, options\]\.$/);
    const tuple = problemOf('{ "rules": { "ban-drop-table": ["fatal", { "x": 1 }] } }');
    assert.equal(tuple.at, '"fatal"');
    assert.match(tuple.message, /^A severity is one of/);
  });

  it('rejects a password with a message that says why', () => {
    const p = problemOf('{ "environments": { "prod": { "host": "db", "password": "hunter2" } } }');
    assert.equal(p.at, '"hunter2"');
    assert.match(p.message, /^Secrets never live in \.migration-guard\.json/);
  });

  it('rejects unknown settings at their key, unknown presets, and incomplete entries', () => {
    const unknown = problemOf('{ "colour": "blue" }');
    assert.equal(unknown.at, '"colour"');
    assert.equal(unknown.message, 'Unknown setting "colour" in the configuration.');
    assert.match(problemOf('{ "extends": "migration-guard:lenient" }').message, /^Name a preset/);
    assert.equal(problemOf('{ "overrides": [{ "rules": {} }] }').message, "overrides[0] must have required property 'files'.");
    assert.equal(problemOf('{ "environments": { "prod": { "port": 99999 } } }').message, 'environments.prod.port must be <= 65535.');
  });

  it('warns about an unknown rule id at its key, and still applies the rest', () => {
    const p = problemOf('{ "pgVersion": 16, "rules": { "ban-drop-tables": "off" } }');
    assert.equal(p.severity, 'warning');
    assert.equal(p.at, '"ban-drop-tables"');
    assert.match(p.message, /Unknown rule "ban-drop-tables"/);
    assert.equal(p.data?.pgVersion, 16);
  });

  it('reports invalid JSON where it is, and an empty file', () => {
    const p = problemOf('{ "pgVersion": 16 "rules": {} }');
    assert.equal(p.message, 'Invalid JSON: comma expected.');
    assert.equal(p.at, '"rules"');
    assert.match(problemOf('').message, /empty/);
  });

  it('lists every rule id, preset and format the code knows (npm run docs:rules regenerates the rule ids)', () => {
    const { definitions, properties } = CONFIG_SCHEMA as any;
    assert.deepEqual(Object.keys(definitions.rules.properties), allChecks.map((m) => m.id));
    assert.deepEqual(definitions.extendsEntry.anyOf[0].enum, PRESET_NAMES);
    assert.deepEqual([...properties.roots.items.anyOf[1].properties.format.enum].sort(), adapters.map((a) => a.id).sort());
  });

  it('is the schema the extension contributes to VS Code for both file names', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    assert.deepEqual(manifest.contributes.jsonValidation, [
      { fileMatch: ['.migration-guard.json', '.migration-guard.jsonc'], url: './schemas/migration-guard.schema.json' },
    ]);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(repoRoot, 'schemas', 'migration-guard.schema.json'), 'utf8')), CONFIG_SCHEMA);
    assert.match(fs.readFileSync(path.join(repoRoot, '.vscodeignore'), 'utf8'), /^!schemas\/\*\*$/m);
  });
});
