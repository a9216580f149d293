import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

let root: string | undefined;

/** The package's own folder: docs ship inside it (the .vsix and the npm package alike). */
export function packageRoot(): string {
  if (root) return root;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'migration-guard') return (root = dir);
    if (path.dirname(dir) === dir) return (root = process.cwd());
  }
}

export function ruleDocPath(ruleId: string): string {
  return path.join(packageRoot(), 'docs', 'rules', `${ruleId}.md`);
}

// Asked for every diagnostic published, a thousand times a check on a long script.
const docUris = new Map<string, string>();

export function ruleDocUri(ruleId: string): string {
  let uri = docUris.get(ruleId);
  if (uri === undefined) docUris.set(ruleId, (uri = pathToFileURL(ruleDocPath(ruleId)).toString()));
  return uri;
}
