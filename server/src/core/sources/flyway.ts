import * as path from 'node:path';
import type { StrayFile, TransactionMode } from '../model';
import type { FormatAdapter } from './adapter';
import { assemble, runWhole, type DownFile, type UpFile } from './assemble';
import type { FileView } from './files';
import { unreadableFile } from './strays';
import { versionKey } from './versions';

// V = versioned, U = its undo, R = repeatable (no version, reruns when changed).
const VERSIONED = /^([VU])(\d+(?:[._]\d+)*)__([^/]+)\.sql$/;
const REPEATABLE = /^R__([^/]+)\.sql$/;
const CONF_SUFFIX = '.conf';
const NO_TRANSACTION = /^\s*executeInTransaction\s*=\s*false\s*$/im;

function isScript(name: string): boolean {
  return VERSIONED.test(name) || REPEATABLE.test(name);
}

/** `V{version}__{desc}.sql`, undo `U{version}__{desc}.sql`, repeatable `R__{desc}.sql`. */
export const flyway: FormatAdapter = {
  id: 'flyway',
  label: 'Flyway',
  detect: (_dir, entries) => entries.filter((e) => !e.isDirectory && isScript(e.name)).length,
  read(dir, files) {
    const names = files
      .list(dir)
      .filter((e) => !e.isDirectory)
      .map((e) => e.name);
    const confs = readConfs(dir, names, files);
    const scripts = names.filter(isScript).map((name) => ({ name, file: path.join(dir, name), transaction: confs.transactionOf(name) }));

    const undos: DownFile[] = scripts.flatMap(({ name, file }) => {
      const m = VERSIONED.exec(name);
      return m?.[1] === 'U' ? [{ path: file, stem: m[2], version: versionKey(m[2]) }] : [];
    });
    // Undo migrations are optional (and a paid Flyway edition's feature), so only a
    // folder that has at least one is expected to have them; otherwise every
    // migration would be reported as lacking a down.
    const supportsDown = undos.length > 0;

    const ups = scripts.flatMap(({ name, file, transaction }): UpFile[] => {
      const parse = runWhole(transaction);
      const versioned = VERSIONED.exec(name);
      if (versioned?.[1] === 'V') {
        const [, , version, desc] = versioned;
        return [{ path: file, id: version, name: desc, stem: version, version: versionKey(version), supportsDown, parse }];
      }
      const desc = REPEATABLE.exec(name)?.[1];
      return desc === undefined
        ? []
        : [{ path: file, id: desc, name: desc, stem: name, version: [], supportsDown: false, repeatable: true, parse }];
    });

    const folder = assemble(dir, 'flyway', files, ups, undos);
    return { ...folder, strays: [...folder.strays, ...confs.strays] };
  },
  owns: (relative) => isScript(relative.endsWith(CONF_SUFFIX) ? relative.slice(0, -CONF_SUFFIX.length) : relative),
};

/** The per-script `{script}.conf` files, which can turn off the wrapping transaction. */
function readConfs(dir: string, names: string[], files: FileView): { transactionOf(script: string): TransactionMode; strays: StrayFile[] } {
  const present = new Set(names);
  const strays: StrayFile[] = [];
  const noTransaction = new Set<string>();
  for (const name of names.filter(isScript)) {
    if (!present.has(name + CONF_SUFFIX)) continue;
    const conf = path.join(dir, name + CONF_SUFFIX);
    const text = files.read(conf);
    if (text === undefined) strays.push(unreadableFile(conf));
    else if (NO_TRANSACTION.test(text)) noTransaction.add(name);
  }
  return { transactionOf: (script) => (noTransaction.has(script) ? 'none' : 'auto'), strays };
}
