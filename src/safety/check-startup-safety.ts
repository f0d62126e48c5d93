import type { UnsafeOverride } from '../config';
import { weakSecretReason } from './secret-strength';
import type { FileFacts, SafetyProblem, SafetyVerdict, StartupFacts } from './types';

const GROUP_WRITE = 0o020;
const OTHER_WRITE = 0o002;

/**
 * Node switches that would let someone run code inside the enforcement plane or attach a debugger
 * to it. Matched as option names, with or without a value (`--inspect=0.0.0.0:9229`, `-r x`).
 */
const DANGEROUS_NODE_SWITCHES = [
  '--inspect',
  '--inspect-brk',
  '--inspect-wait',
  '--inspect-port',
  '--debug-port',
  '--require',
  '-r',
  '--import',
  '--loader',
  '--experimental-loader',
  '--experimental-policy',
  '--frozen-intrinsics',
  '--disallow-code-generation-from-strings',
  '--allow-natives-syntax',
  '--expose-internals',
  '--experimental-vm-modules',
];

/**
 * The start-up gate: a pure judgement of the facts. Every problem names what is wrong, why it
 * matters and the override that would accept it; only overrides the operator named are accepted.
 */
export function checkStartupSafety(facts: StartupFacts, allowUnsafe: readonly UnsafeOverride[]): SafetyVerdict {
  const problems = findProblems(facts);
  return {
    refusals: problems.filter((p) => !allowUnsafe.includes(p.override)),
    overridden: problems.filter((p) => allowUnsafe.includes(p.override)),
  };
}

function findProblems(facts: StartupFacts): SafetyProblem[] {
  const problems: SafetyProblem[] = [];
  const add = (override: UnsafeOverride, message: string) => problems.push({ override, message });

  if (facts.tokenSecret === undefined) {
    add('no-token-secret', 'KALGUARD_TOKEN_SECRET is not set, so agent tokens could not be verified: anyone could claim any agent id. Set it to at least 32 random bytes (openssl rand -hex 32)');
  } else {
    const weak = weakSecretReason(facts.tokenSecret);
    if (weak !== undefined) {
      add('weak-token-secret', `KALGUARD_TOKEN_SECRET is too weak (${weak}): a guessable secret lets anyone mint tokens. Use at least 32 random bytes (openssl rand -hex 32)`);
    }
  }
  if (facts.uid === 0) {
    add('root', 'the sidecar runs as root (uid 0): a compromise of the enforcement plane would own the host. Run it as a dedicated unprivileged user');
  }
  for (const problem of fileProblems(facts.policy, 'policy file', facts.uid)) add('writable-policy', problem);
  for (const problem of fileProblems(facts.policyDir, 'policy directory', facts.uid)) add('writable-policy', problem);
  // Even with the sticky bit (/tmp), others could pre-create the file or a symlink in its place.
  if (facts.auditDir !== undefined && (facts.auditDir.mode & OTHER_WRITE) !== 0) {
    add('writable-audit-dir', `the audit directory ${facts.auditDir.path} is writable by others (mode ${octal(facts.auditDir.mode)}): anyone could replace or delete the audit log. chmod o-w it`);
  }
  if (facts.policyDefaultDecision === 'allow') {
    add('default-allow', 'the policy\'s defaultDecision is "allow": anything no rule mentions would be allowed. Use "deny" and allow what is needed explicitly');
  }
  const switches = dangerousSwitches(facts.nodeExecArgv, facts.nodeOptions);
  if (switches.length > 0) {
    add('node-options', `Node switches ${switches.join(', ')} reached the process (command line or NODE_OPTIONS): they attach a debugger or load code inside the enforcement plane. Remove them (unset NODE_OPTIONS)`);
  }
  return problems;
}

/** A policy file or directory anyone but root or the service itself could rewrite is a policy anyone could rewrite. */
function fileProblems(file: FileFacts | undefined, what: string, serviceUid: number | undefined): string[] {
  // Nobody can rewrite a file on a read-only mount, whatever its mode and owner say.
  if (file === undefined || file.readOnlyMount === true) return [];
  const problems: string[] = [];
  if ((file.mode & (GROUP_WRITE | OTHER_WRITE)) !== 0) {
    problems.push(`the ${what} ${file.path} is writable by ${(file.mode & OTHER_WRITE) !== 0 ? 'others' : 'its group'} (mode ${octal(file.mode)}): they could rewrite the policy. chmod go-w it`);
  }
  if (file.uid !== 0 && file.uid !== serviceUid) {
    problems.push(`the ${what} ${file.path} is owned by uid ${file.uid}, neither root nor the sidecar's user: that user could rewrite the policy. chown it to root`);
  }
  return problems;
}

function dangerousSwitches(execArgv: readonly string[], nodeOptions: string | undefined): string[] {
  const given = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].filter((a) => a !== '');
  const names = given.map((a) => a.split('=', 1)[0]!);
  return [...new Set(names.filter((n) => DANGEROUS_NODE_SWITCHES.includes(n)))];
}

function octal(mode: number): string {
  return `0${(mode & 0o7777).toString(8)}`;
}
