// The version locations an `alembic.ini` names, so that a project's versions folder is
// found even before it holds a revision, under whatever name the project gave it.
import * as path from 'node:path';
import type { FileView } from '../files';

export interface AlembicIni {
  /** The ini file itself. */
  file: string;
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
  const separator = separatorOf(options.get('path_separator') ?? options.get('version_path_separator'));
  const locations = listed
    ? listed
        .split(separator)
        .map((l) => (typeof separator === 'string' ? l.trim() : l))
        .filter(Boolean)
    : scriptLocation
      ? [path.join(scriptLocation, 'versions')]
      : [];
  return {
    file: path.join(dir, 'alembic.ini'),
    ...(scriptLocation ? { scriptLocation: path.resolve(dir, scriptLocation) } : {}),
    versionLocations: locations.map((l) => path.resolve(dir, l)),
    recursive: /^(true|1|yes|on)$/i.test(value('recursive_version_locations') ?? ''),
  };
}

/**
 * How `version_locations` is split (Alembic's Config.get_version_locations_list):
 * by `path_separator` (or the older `version_path_separator`), else by commas and spaces,
 * Alembic's legacy default, which does not split at line breaks.
 */
function separatorOf(setting: string | undefined): RegExp | string {
  switch (setting?.trim()) {
    case 'os':
      return path.delimiter;
    case ':':
    case ';':
      return setting.trim();
    case 'space':
      return ' ';
    case 'newline':
      return '\n';
    default:
      return /, *| +/;
  }
}

/** Levels above a version location where the alembic.ini naming it may be. */
const INI_LEVELS = 3;

/** The alembic.ini in one of the folders above `location` that lists it as a version location. */
export function iniListing(location: string, files: FileView): AlembicIni | undefined {
  for (let dir = path.dirname(location), level = 0; level < INI_LEVELS && dir !== path.dirname(dir); level++, dir = path.dirname(dir)) {
    const ini = readAlembicIni(dir, files);
    if (ini?.versionLocations.includes(location)) return ini;
  }
  return undefined;
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
