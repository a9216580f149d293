// The version locations an `alembic.ini` names, so that a project's versions folder is
// found even before it holds a revision, under whatever name the project gave it.
import * as path from 'node:path';
import type { FileView } from '../files';

export interface AlembicIni {
  /** Absolute path of the script directory (where env.py is), when the ini names one. */
  scriptLocation?: string;
  /** Absolute directories Alembic reads revisions from. */
  versionLocations: string[];
  /** `recursive_version_locations = true`: revisions in subdirectories count too. */
  recursive: boolean;
}

/** The `[alembic]` section of the ini file in `dir`, or undefined when there is none. */
export function readAlembicIni(dir: string, files: FileView): AlembicIni | undefined {
  const text = files.read(path.join(dir, 'alembic.ini'));
  if (text === undefined) return undefined;
  const options = section(text, 'alembic');
  // configparser interpolation: `%(here)s` is the ini file's folder, `%%` a literal percent.
  const value = (key: string) => options.get(key)?.replace(/%\(here\)s/g, dir).replace(/%%/g, '%');
  const scriptLocation = value('script_location');
  const listed = value('version_locations');
  const locations = listed
    ? listed.split(separatorOf(options.get('version_path_separator'))).filter(Boolean)
    : scriptLocation
      ? [path.join(scriptLocation, 'versions')]
      : [];
  return {
    ...(scriptLocation ? { scriptLocation: path.resolve(dir, scriptLocation) } : {}),
    versionLocations: locations.map((l) => path.resolve(dir, l)),
    recursive: /^(true|1|yes|on)$/i.test(value('recursive_version_locations') ?? ''),
  };
}

/** How `version_locations` is split: by `version_path_separator`, else by spaces or commas (Alembic's legacy default). */
function separatorOf(setting: string | undefined): RegExp | string {
  switch (setting?.trim()) {
    case 'os':
      return path.delimiter;
    case ':':
    case ';':
    case ',':
      return setting.trim();
    case 'space':
      return / +/;
    case 'newline':
      return /\r?\n/;
    default:
      return /[\s,]+/;
  }
}

/** Keys of one section, continuation lines joined with newlines (configparser's multi-line values). */
function section(text: string, name: string): Map<string, string> {
  const options = new Map<string, string>();
  let inside = false;
  let key: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const header = /^\[([^\]]+)\]/.exec(line);
    if (header) {
      inside = header[1].trim() === name;
      key = undefined;
    } else if (!inside || /^\s*[#;]/.test(line) || line.trim() === '') {
      continue;
    } else if (/^\s/.test(line) && key) {
      options.set(key, `${options.get(key)}\n${line.trim()}`);
    } else {
      const m = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
      if (m) options.set((key = m[1].trim().toLowerCase()), m[2].trim());
    }
  }
  return options;
}
