// Bundles the CLI into one ESM file: fast cold start, and runtime dependencies baked in.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry content hashes: start empty so no stale chunk from an earlier build lingers.
rmSync('bundle', { recursive: true, force: true });

// ink lazily imports ./devtools.js, whose optional peer (react-devtools-core) is not installed.
const stubInkDevtools = {
  name: 'stub-ink-devtools',
  setup(b) {
    b.onResolve({ filter: /^\.\/devtools\.js$/ }, (a) =>
      a.importer.includes('/node_modules/ink/') ? { path: 'ink-devtools-stub', namespace: 'stub' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

await build({
  entryPoints: ['src/cli/bin.ts'],
  outdir: 'bundle',
  entryNames: 'aitm',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  jsx: 'automatic',
  minify: process.env.AITM_NO_MINIFY !== '1',
  sourcemap: true,
  legalComments: 'none',
  plugins: [stubInkDevtools],
  // CJS dependencies (signal-exit via ink) call require(); give the ESM bundle one.
  banner: { js: "#!/usr/bin/env node\nimport { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  define: { 'process.env.NODE_ENV': '"production"', AITM_BUNDLED: 'true' },
  logLevel: 'warning',
});

// The knowledge base, parsed and linted once here: the bundle loads it while the files' hash matches.
// An invalid knowledge base is not a build error: the bundle then parses the files and reports it.
try {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/kb-snapshot.ts'], { stdio: ['ignore', 'ignore', 'pipe'] });
} catch (error) {
  console.warn(`aitm build: no knowledge-base snapshot (${String(error.stderr ?? error.message).split('\n')[0]}); the bundle will parse knowledge/ at start-up.`);
}
