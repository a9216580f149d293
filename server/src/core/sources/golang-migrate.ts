import * as path from 'node:path';
import type { FormatAdapter } from './adapter';
import { assemble, runWhole, type DownFile, type UpFile } from './assemble';
import { versionKey } from './versions';

const FILE = /^(\d+)_([^/]*)\.(up|down)\.sql$/;

/** `{version}_{title}.up.sql` with an optional `{version}_{title}.down.sql`. */
export const golangMigrate: FormatAdapter = {
  id: 'golang-migrate',
  label: 'golang-migrate',
  detect: (_dir, entries) => entries.filter((e) => !e.isDirectory && FILE.test(e.name)).length,
  read(dir, files) {
    const ups: UpFile[] = [];
    const downs: DownFile[] = [];
    for (const e of files.list(dir)) {
      const m = FILE.exec(e.name);
      if (e.isDirectory || !m) continue;
      const [, version, title, direction] = m;
      const key = { path: path.join(dir, e.name), stem: `${version}_${title}`, version: versionKey(version) };
      if (direction === 'down') downs.push(key);
      else {
        ups.push({
          ...key,
          id: version,
          name: title,
          supportsDown: true,
          parse: runWhole('implicit'),
        });
      }
    }
    return assemble(dir, 'golang-migrate', files, ups, downs);
  },
  owns: (relative) => FILE.test(relative),
};
