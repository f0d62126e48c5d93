// Node single-executable build: bundle → SEA blob → postject into a copy of the node binary.
// Everything the sidecar needs at run time is inside dist/kalguard-sidecar: no node_modules, no
// files beside it, no network.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

export async function buildSea(root, { useCodeCache = true } = {}) {
  const dist = join(root, 'dist');
  // Per-process scratch names and a final rename: a test or a traced run that is executing the
  // old binary keeps its inode, and two builds at once never interleave their writes.
  const configPath = join(dist, `sea-config.${process.pid}.json`);
  const blobPath = join(dist, `sea-prep.${process.pid}.blob`);
  const binary = join(dist, 'kalguard-sidecar');
  const scratch = `${binary}.${process.pid}.tmp`;
  writeFileSync(
    configPath,
    JSON.stringify({ main: join(dist, 'kalguard-sidecar.cjs'), output: blobPath, disableExperimentalSEAWarning: true, useCodeCache, useSnapshot: false }),
  );
  execFileSync(process.execPath, ['--experimental-sea-config', configPath], { stdio: ['ignore', 'ignore', 'inherit'] });
  copyFileSync(process.execPath, scratch);
  chmodSync(scratch, 0o755);
  const { inject } = require('postject');
  await inject(scratch, 'NODE_SEA_BLOB', readFileSync(blobPath), { sentinelFuse: SEA_FUSE });
  renameSync(scratch, binary);
  rmSync(blobPath, { force: true });
  rmSync(configPath, { force: true });
  return binary;
}
