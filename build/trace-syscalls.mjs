#!/usr/bin/env node
// `npm run trace:syscalls`: records the syscalls the built single executable really makes, for the
// seccomp profile. Runs dist/kalguard-sidecar under `strace -f` through a production-like workload
// (build/trace-workload.mjs: every endpoint and error path, file audit with fsync, hot reload by
// fs.watch and SIGHUP, graceful SIGTERM; the token, policy check, healthcheck and seccomp-profile
// commands), and separately what running tools adds (a node child_process spawn and bwrap building
// its sandbox). Writes os/seccomp/syscalls[-exec].<arch>.txt, regenerates
// src/profiles/seccomp-traced-syscalls.ts, rebuilds, and rewrites the golden profiles with the new
// binary. Needs strace (and bwrap for the exec set); run as root or as the service user.
//   --from-files   only regenerate the TS module, the build and the golden profiles from the .txt files
//   --check        trace, and only check that the committed profiles cover what was traced (exit 1 if not)
//   --profiles=DIR with --check: the profiles to check instead of os/seccomp/ (tests)
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTracedLists, renderTracedModule } from './seccomp-traced-module.mjs';
import { classifyTraces } from './strace-classify.mjs';
import { runExecWorkload, runSidecarWorkload, runSocketActivatedWorkload } from './trace-workload.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const ARCH = { x64: 'x86_64', arm64: 'aarch64' }[process.arch];
if (ARCH === undefined) fail(`Cannot trace syscalls: architecture ${process.arch} is not supported (x64, arm64)`);

function fail(message) {
  console.error(`trace-syscalls: ${message}`);
  process.exit(1);
}

function header(what) {
  const node = process.version;
  return [
    `# ${what}`,
    `# Produced by \`npm run trace:syscalls\` (build/trace-syscalls.mjs): strace -f -ff of the built binary`,
    `# through build/trace-workload.mjs. Traced on Linux ${release()} ${ARCH}, Node ${node}.`,
    `# One syscall a line; the generator adds the documented extras (src/profiles/seccomp-rules.ts).`,
  ].join('\n');
}

async function trace() {
  if (spawnSync('strace', ['-V']).status !== 0) fail('Cannot trace syscalls: strace is not installed (apt-get install strace)');
  const work = mkdtempSync(join(tmpdir(), 'kg-trace-'));
  try {
    const sidecarDir = join(work, 'sidecar');
    const execDir = join(work, 'exec');
    execFileSync('mkdir', ['-p', sidecarDir, execDir]);
    // The exec workload also traces bwrap as uid 65534, whose strace writes here.
    chmodSync(work, 0o711);
    chmodSync(execDir, 0o777);
    const strace = (dir, tag) => ['strace', '-f', '-ff', '-qq', '-o', join(dir, tag)];
    const binary = join(root, 'dist', 'kalguard-sidecar');
    await runSidecarWorkload({ binary, work, strace: (tag) => strace(sidecarDir, tag) });
    if (spawnSync('systemd-socket-activate', ['--help']).status === 0) {
      await runSocketActivatedWorkload({ binary, work, strace: (tag) => strace(sidecarDir, tag) });
    } else {
      console.log('note: systemd-socket-activate not found; socket activation not traced');
    }
    await runExecWorkload({ work, strace: (tag) => strace(execDir, tag) });
    const traced = classifyTraces(sidecarDir, binary);
    const sidecar = traced.own;
    // What the sidecar's children did (its bwrap probe) belongs to exec, with the exec workload.
    const exec = [...traced.children, ...classifyTraces(execDir, binary).children].filter((n, i, all) => !sidecar.has(n) && all.indexOf(n) === i);
    const unknown = [...sidecar, ...exec].filter((n) => n.startsWith('syscall_'));
    if (unknown.length > 0) fail(`Cannot record: strace does not know ${unknown.join(', ')} (update strace)`);
    if (checkOnly) return check(sidecar, exec);
    writeFileSync(join(root, 'os', 'seccomp', `syscalls.${ARCH}.txt`), `${header('Syscalls made by kalguard-sidecar (serve and every command).')}\n${[...sidecar].sort().join('\n')}\n`);
    writeFileSync(
      join(root, 'os', 'seccomp', `syscalls-exec.${ARCH}.txt`),
      `${header('Added by running tools (--allow-exec): node child_process spawn, bwrap building its sandbox, /bin/true.')}\n${exec.sort().join('\n')}\n`,
    );
    console.log(`recorded ${sidecar.size} sidecar syscalls and ${exec.length} more for --allow-exec (${ARCH})`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * --check: does the committed profile still cover what the binary does now? Exit 1 naming every
 * syscall the strict profile (for the binary's own process) or the exec profile (for the processes
 * it starts) does not mention. Writes nothing.
 */
function check(sidecar, exec) {
  const dir = process.argv.find((a) => a.startsWith('--profiles='))?.slice('--profiles='.length) ?? join(root, 'os', 'seccomp');
  const named = (file) => new Set(JSON.parse(readFileSync(join(dir, file), 'utf8')).syscalls.flatMap((r) => r.names));
  const strict = named('kalguard-sidecar.json');
  const withExec = named('kalguard-sidecar-exec.json');
  const missing = [...[...sidecar].filter((n) => !strict.has(n)).map((n) => `${n} (strict)`), ...exec.filter((n) => !withExec.has(n)).map((n) => `${n} (--allow-exec)`)];
  if (missing.length > 0) fail(`the committed profiles miss syscalls the binary now makes: ${missing.sort().join(', ')}; run npm run trace:syscalls`);
  console.log(`ok: the committed profiles cover the ${sidecar.size} + ${exec.length} syscalls traced now (${ARCH})`);
}

function regenerate() {
  writeFileSync(join(root, 'src', 'profiles', 'seccomp-traced-syscalls.ts'), renderTracedModule(readTracedLists(root)));
  execFileSync(process.execPath, [join(root, 'build', 'build.mjs')], { stdio: 'inherit' });
  const binary = join(root, 'dist', 'kalguard-sidecar');
  execFileSync(binary, ['seccomp-profile', join(root, 'os', 'seccomp', 'kalguard-sidecar.json')], { stdio: 'inherit' });
  execFileSync(binary, ['seccomp-profile', '--allow-exec', join(root, 'os', 'seccomp', 'kalguard-sidecar-exec.json')], { stdio: 'inherit' });
  console.log('wrote os/seccomp/kalguard-sidecar.json and os/seccomp/kalguard-sidecar-exec.json');
}

const checkOnly = process.argv.includes('--check');
if (!process.argv.includes('--from-files')) await trace();
if (!checkOnly) regenerate();
