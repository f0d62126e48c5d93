#!/usr/bin/env node
// Bundles the sidecar into one CommonJS file, dist/kalguard-sidecar.cjs (runnable with node, and
// the input of the single-executable build). Deterministic: no timestamps, no absolute paths.
import { build } from 'esbuild';
import { chmod, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = `${root}dist/kalguard-sidecar.cjs`;

await mkdir(`${root}dist`, { recursive: true });
await build({
  absWorkingDir: root,
  entryPoints: ['src/bin.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  banner: { js: '#!/usr/bin/env node' },
  legalComments: 'none',
  sourcemap: false,
  minifySyntax: true,
  logLevel: 'warning',
});
await chmod(outfile, 0o755);
console.log(`built ${outfile}`);
