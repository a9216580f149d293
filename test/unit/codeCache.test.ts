import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { requireWithCodeCache } from '../../server/src/lsp/codeCache';
import { removeWorkspace, tempWorkspace } from '../support/tempWorkspace';

describe('requireWithCodeCache', () => {
  let dir: string;
  const bundle = () => path.join(dir, 'bundle.js');
  const cacheDir = () => path.join(dir, 'cache');
  const caches = () => fs.readdirSync(cacheDir()).map((f) => path.join(cacheDir(), f));
  const load = () => {
    delete require.cache[bundle()];
    return requireWithCodeCache(bundle(), cacheDir());
  };
  const answer = (m: { exports: unknown }) => (m.exports as { answer: number }).answer;

  beforeEach(() => (dir = tempWorkspace({ 'bundle.js': 'exports.answer = 42;\n' })));

  afterEach(() => {
    delete require.cache[bundle()];
    removeWorkspace(dir);
  });

  it('runs the module, and require then gives that instance, not a second one', () => {
    const loaded = load();
    assert.equal(answer(loaded), 42);
    assert.equal(require(bundle()), loaded.exports);
  });

  it('writes its cache once, and later loads use it rather than write another', () => {
    load().saveCache();
    const [cache] = caches();
    const written = fs.statSync(cache);
    const again = load();
    assert.equal(answer(again), 42);
    again.saveCache();
    assert.deepEqual(caches(), [cache]);
    assert.equal(fs.statSync(cache).mtimeMs, written.mtimeMs);
  });

  it('does not run an edited bundle from the cache of the old one, even of the same length', () => {
    load().saveCache();
    const [old] = caches();
    fs.writeFileSync(bundle(), 'exports.answer = 43;\n');
    const edited = load();
    assert.equal(answer(edited), 43);
    edited.saveCache();
    assert.equal(caches().length, 1);
    assert.notEqual(caches()[0], old);
  });
});
