// Regenerates the rule tables of README.md and docs/rules/README.md from the rule
// modules (via the built CLI), between their <!-- rules:start --> / <!-- rules:end --> markers.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const table = execFileSync(process.execPath, [`${root}bin/migration-guard.js`, 'rules', '--format', 'markdown'], { encoding: 'utf8' });

for (const [file, links] of [
  ['README.md', (t) => t],
  ['docs/rules/README.md', (t) => t.replaceAll('](docs/rules/', '](')],
]) {
  const path = `${root}${file}`;
  const text = readFileSync(path, 'utf8');
  const updated = text.replace(/(<!-- rules:start -->\n)[\s\S]*?(<!-- rules:end -->)/, (_, start, end) => `${start}${links(table)}${end}`);
  if (updated === text && !text.includes('<!-- rules:start -->')) throw new Error(`${file} has no rules markers`);
  writeFileSync(path, updated);
}
