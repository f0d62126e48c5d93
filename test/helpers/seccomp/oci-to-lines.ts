import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Independent of the generator: reads the OCI JSON as a container runtime would and writes the line
// format seccomp-exec.c loads. Unknown actions, ops or fields fail here rather than being skipped.
interface OciArg {
  index: number;
  value: number;
  valueTwo?: number;
  op: string;
}
interface OciRule {
  names: string[];
  action: string;
  errnoRet?: number;
  args?: OciArg[];
}
interface OciProfile {
  defaultAction: string;
  defaultErrnoRet?: number;
  architectures: string[];
  syscalls: OciRule[];
}

function action(name: string, errnoRet: number | undefined): string {
  if (name === 'SCMP_ACT_ALLOW') return 'allow';
  // The runtime-spec default for SCMP_ACT_ERRNO without errnoRet is EPERM.
  if (name === 'SCMP_ACT_ERRNO') return `errno:${errnoRet ?? 1}`;
  throw new Error(`oci-to-lines: unsupported action ${name}`);
}

function condition(arg: OciArg): string {
  if (arg.op === 'SCMP_CMP_EQ') return `${arg.index}:eq:${arg.value}`;
  if (arg.op === 'SCMP_CMP_MASKED_EQ') return `${arg.index}:masked_eq:${arg.value}:${arg.valueTwo ?? 0}`;
  throw new Error(`oci-to-lines: unsupported op ${arg.op}`);
}

export function ociToLines(profile: OciProfile): string {
  const lines = [`default ${action(profile.defaultAction, profile.defaultErrnoRet)}`];
  for (const rule of profile.syscalls) {
    const conds = (rule.args ?? []).map(condition).join(' ');
    for (const name of rule.names) lines.push(`${action(rule.action, rule.errnoRet)} ${name}${conds ? ` ${conds}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

const HERE = fileURLToPath(new URL('.', import.meta.url));

/** Compiles the loader and the probe into a fresh temp dir (gcc + libseccomp-dev, as in CI). */
export function compileSeccompHelpers(): { dir: string; loader: string; probe: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kg-seccomp-'));
  // Readable by the unprivileged user some tests run the loader as.
  chmodSync(dir, 0o755);
  const loader = join(dir, 'seccomp-exec');
  const probe = join(dir, 'seccomp-probe');
  execFileSync('gcc', ['-O1', '-Wall', '-Wextra', '-Werror', '-o', loader, join(HERE, 'seccomp-exec.c'), '-lseccomp']);
  execFileSync('gcc', ['-O1', '-Wall', '-Wextra', '-Werror', '-pthread', '-o', probe, join(HERE, 'seccomp-probe.c')]);
  return { dir, loader, probe };
}

/** Writes the profile's rules file; returns the command prefix that runs a program under it. */
export function underProfile(loader: string, dir: string, name: string, profile: unknown): string[] {
  const rules = join(dir, `${name}.rules`);
  writeFileSync(rules, ociToLines(profile as OciProfile));
  return [loader, rules];
}
