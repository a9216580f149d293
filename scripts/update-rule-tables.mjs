// Regenerates, from the rule modules (via the built CLI), the rule tables of README.md and
// docs/rules/README.md between their <!-- rules:start --> / <!-- rules:end --> markers, and
// each tool's table of docs/coming-from.md between its <!-- equivalents:<tool>:… --> markers.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const rules = (format) => execFileSync(process.execPath, [`${root}bin/migration-guard.js`, 'rules', '--format', format], { encoding: 'utf8' });

/** Replaces the text between `start` and `end` in `file` with `body`. */
function fill(file, start, end, body) {
  const path = `${root}${file}`;
  const text = readFileSync(path, 'utf8');
  const a = text.indexOf(start);
  const b = text.indexOf(end, a);
  if (a < 0 || b < 0) throw new Error(`${file} has no ${start} … ${end} markers`);
  writeFileSync(path, `${text.slice(0, a + start.length)}\n${body}${text.slice(b)}`);
}

const table = rules('markdown');
fill('README.md', '<!-- rules:start -->', '<!-- rules:end -->', table);
fill('docs/rules/README.md', '<!-- rules:start -->', '<!-- rules:end -->', table.replaceAll('](docs/rules/', ']('));

for (const [, start, body, end] of rules('equivalents-markdown').matchAll(/(<!-- equivalents:[\w-]+:start -->)\n([\s\S]*?)(<!-- equivalents:[\w-]+:end -->)/g)) {
  fill('docs/coming-from.md', start, end, body);
}
