import * as path from 'node:path';
import type { FormatAdapter } from './adapter';
import { assemble, type DownFile } from './assemble';
import { asWholeFile, countWithMarkers, isNumberedName, numberedFiles, numberedUp, type NumberedFile } from './numbered';
import { versionKey } from './versions';

const ROLLBACK_DIR = 'rollback';
const DOWN_SUFFIX = /[_-](?:down|rollback)$/;

/**
 * Numbered SQL files run as they are (`001_create_users.sql`), with optional
 * rollbacks beside them (`001_create_users_down.sql`) or in `rollback/`.
 */
export const plain: FormatAdapter = {
  id: 'plain',
  label: 'plain SQL',
  detect: (dir, entries, files) => countWithMarkers(dir, entries, files, undefined),
  read(dir, files) {
    const top = numberedFiles(dir, files.list(dir));
    const rollbackDir = path.join(dir, ROLLBACK_DIR);
    const downs = [...top.filter(isDown), ...numberedFiles(rollbackDir, files.list(rollbackDir))].map(asDown);
    // Rollbacks are a convention some teams keep and others do not; only a folder
    // that keeps at least one is held to having them.
    const supportsDown = downs.length > 0;
    const ups = top.filter((f) => !isDown(f)).map((f) => numberedUp(f, supportsDown, asWholeFile(f.path, plain.label)));
    return assemble(dir, 'plain', files, ups, downs);
  },
  owns(relative) {
    const [first, ...rest] = relative.split('/');
    return rest.length === 0 ? isNumberedName(first) : first === ROLLBACK_DIR && rest.length === 1 && isNumberedName(rest[0]);
  },
};

function isDown(file: NumberedFile): boolean {
  return DOWN_SUFFIX.test(file.title);
}

function asDown(file: NumberedFile): DownFile {
  return { path: file.path, stem: `${file.version}_${file.title.replace(DOWN_SUFFIX, '')}`, version: versionKey(file.version) };
}
