import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

/** The user's own: compiled code read from where others can write would run as theirs. */
const CACHE_DIR = path.join(os.homedir(), '.cache', 'migration-guard', 'v8');

export interface CachedModule {
  exports: unknown;
  /** Writes V8's cache of the code compiled so far, unless the one read was used; call it once start-up is over. */
  saveCache(): void;
}

/**
 * Runs a CommonJS bundle as `require` would, but compiled from V8's code cache of an earlier run
 * when there is one: compiling the bundle is much of the time a fresh process needs to load it.
 */
export function requireWithCodeCache(file: string, cacheDir = CACHE_DIR): CachedModule {
  const source = fs.readFileSync(file, 'utf8');
  const name = path.basename(file, '.js');
  // Named by content: V8 checks a cache against the source's length only.
  const cacheFile = path.join(cacheDir, `${name}.${createHash('sha1').update(source).digest('hex')}.bin`);
  const cachedData = readIfThere(cacheFile);
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const mod = new Module(file, require.main);
  mod.filename = file;
  // Where require would put it, so that a bundle requiring this one gets this instance.
  require.cache[file] = mod;
  script.runInThisContext()(mod.exports, createRequire(file), mod, file, path.dirname(file));
  mod.loaded = true;
  return {
    exports: mod.exports,
    saveCache: () => {
      if (cachedData && !script.cachedDataRejected) return;
      try {
        fs.mkdirSync(cacheDir, { recursive: true });
        for (const f of fs.readdirSync(cacheDir)) if (f.startsWith(`${name}.`)) fs.rmSync(path.join(cacheDir, f), { force: true });
        // Renamed into place: a server starting meanwhile reads the whole cache or none.
        const partial = `${cacheFile}.${process.pid}`;
        fs.writeFileSync(partial, script.createCachedData());
        fs.renameSync(partial, cacheFile);
      } catch {
        // Only later starts are slower without it.
      }
    },
  };
}

function readIfThere(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}
