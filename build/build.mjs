#!/usr/bin/env node
// `npm run build`: dist/kalguard-sidecar.cjs (the bundle: runnable with node, the npm package's
// bin), dist/kalguard-sidecar (the single executable) and dist/firewall.cjs (the firewall alone,
// for `npm run eval`; not shipped). `node build/build.mjs firewall` builds only the last.
// The bundle is deterministic: no timestamps, no absolute paths.
import { build } from 'esbuild';
import { chmod, mkdir, rename } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildSea } from './build-sea.mjs';
import { SIDECAR_BUNDLE_OPTIONS } from './esbuild-options.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const only = process.argv[2];

await mkdir(`${root}dist`, { recursive: true });
// Each output is written under a per-process name and renamed into place, so that concurrent
// builds and running tests never see a half-written file.
const scratch = (path) => `${path}.${process.pid}.tmp`;
await build({
  absWorkingDir: root,
  entryPoints: ['src/firewall/index.ts'],
  outfile: scratch(`${root}dist/firewall.cjs`),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  legalComments: 'none',
  logLevel: 'warning',
});
await rename(scratch(`${root}dist/firewall.cjs`), `${root}dist/firewall.cjs`);
if (only === 'firewall') process.exit(0);

const outfile = `${root}dist/kalguard-sidecar.cjs`;
await build({ ...SIDECAR_BUNDLE_OPTIONS, absWorkingDir: root, outfile: scratch(outfile) });
await chmod(scratch(outfile), 0o755);
await rename(scratch(outfile), outfile);
console.log(`built ${outfile}`);
if (only === 'bundle') process.exit(0);

const binary = await buildSea(root);
console.log(`built ${binary}`);
