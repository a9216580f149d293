import * as path from 'node:path';
import type { StrayFile } from '../model';

export function unreadableFile(file: string): StrayFile {
  return { path: file, reason: 'unreadable', message: `${path.basename(file)} could not be read.` };
}

export function downWithoutUp(file: string): StrayFile {
  return {
    path: file,
    reason: 'down-without-up',
    message: `${path.basename(file)} is a down migration, but no up migration has its version.`,
  };
}

export function mixedFormat(file: string, message: string): StrayFile {
  return { path: file, reason: 'mixed-format', message };
}

export function isStray(value: object): value is StrayFile {
  return 'reason' in value;
}
