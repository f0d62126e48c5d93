// Parses `strace -f -ff -o DIR/TAG` output for build/trace-syscalls.mjs (tested by
// test/profiles/seccomp-trace.test.ts with synthetic traces).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Reads a directory of `strace -ff -o DIR/TAG` files (one per thread) and splits the calls in two:
 * `own` — the traced binary's process, all its threads — and `children` — every process it started
 * and their descendants (the bwrap probe at start-up, tools). The process tree comes from the
 * clone/fork return values; a clone with CLONE_THREAD makes a thread of the same process.
 */
export function classifyTraces(dir, binary) {
  const own = new Set();
  const children = new Set();
  const byTag = new Map();
  for (const file of readdirSync(dir)) {
    const dot = file.lastIndexOf('.');
    const tag = file.slice(0, dot);
    if (!byTag.has(tag)) byTag.set(tag, []);
    byTag.get(tag).push({ tid: Number(file.slice(dot + 1)), lines: readFileSync(join(dir, file), 'utf8').split('\n') });
  }
  for (const files of byTag.values()) {
    const threads = new Map();
    let root;
    const names = new Map();
    for (const { tid, lines: all } of files) {
      // A launcher that execs the binary in its own process (systemd-socket-activate): only what
      // happens from the binary's execve on is the sidecar's.
      const exec = all.findIndex((l) => l.startsWith(`execve("${binary}"`) && / = 0$/.test(l));
      const lines = exec >= 0 ? all.slice(exec) : all;
      if (exec >= 0) root = tid;
      const set = new Set();
      threads.set(tid, []);
      for (const line of lines) {
        // "openat(AT_FDCWD, …) = 3"; signals (---) and exits (+++) are not calls.
        const m = /^([a-z_][a-z0-9_]*)\(/.exec(line);
        if (!m) continue;
        set.add(m[1]);
        const child = /^(?:clone3?|fork|vfork)\(.* = (\d+)$/.exec(line);
        if (child && line.includes('CLONE_THREAD')) threads.get(tid).push(Number(child[1]));
      }
      names.set(tid, set);
    }
    const ownTids = new Set();
    for (const queue = root === undefined ? [] : [root]; queue.length > 0; ) {
      const tid = queue.pop();
      if (ownTids.has(tid)) continue;
      ownTids.add(tid);
      queue.push(...(threads.get(tid) ?? []));
    }
    for (const [tid, set] of names) for (const n of set) (ownTids.has(tid) ? own : children).add(n);
  }
  return { own, children };
}
