// Writes every rule id (from the rule modules, via the built CLI) into the configuration
// schema, so VS Code completes and describes them in .migration-guard.json.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const checks = JSON.parse(execFileSync(process.execPath, [`${root}bin/migration-guard.js`, 'rules', '--format', 'json'], { encoding: 'utf8' }));
const file = `${root}schemas/migration-guard.schema.json`;
const schema = JSON.parse(readFileSync(file, 'utf8'));
schema.definitions.rules.properties = Object.fromEntries(
  checks.map((c) => [c.id, { $ref: '#/definitions/ruleSetting', description: `${c.summary} (default: ${c.defaultSeverity})` }]),
);
writeFileSync(file, JSON.stringify(schema, null, 2) + '\n');
