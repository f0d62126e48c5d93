import { generateSandboxExecProfile, SANDBOX_EXEC_PARAMS } from '../profiles';
import { profileUsageError, writeProfile } from './apparmor-profile';
import type { CommandIo } from './policy-check';

export const SANDBOX_PROFILE_USAGE = `Usage: kalguard-sidecar sandbox-profile [FILE]

Writes a macOS sandbox-exec (SBPL) profile to FILE, or to stdout: deny by default; the runtime's
needs (dyld, system libraries, JIT code generation, a few sysctls and services), the policy
directory read-only, create and append in the audit directory, TCP bind/accept on one port.
Paths and the port are parameters given to sandbox-exec, never written into the profile:
${Object.entries(SANDBOX_EXEC_PARAMS)
  .map(([name, what]) => `  -D ${name}=...   ${what}`)
  .join('\n')}
Exit 0 written, 1 FILE cannot be written, 2 usage.`;

export type SandboxProfileCommand = { readonly name: 'sandbox-profile'; readonly file: string | undefined };

/** Parses `sandbox-profile` arguments; returns undefined for --help. Throws ERR_USAGE. */
export function parseSandboxProfileArgs(args: readonly string[]): SandboxProfileCommand | undefined {
  if (args.includes('--help') || args.includes('-h')) return undefined;
  const option = args.find((a) => a.startsWith('-'));
  if (option !== undefined) throw profileUsageError('sandbox-profile', `unknown option ${option}; paths and the port are sandbox-exec -D parameters`);
  if (args.length > 1) throw profileUsageError('sandbox-profile', 'expected at most one FILE');
  return { name: 'sandbox-profile', file: args[0] };
}

export async function runSandboxProfile(command: SandboxProfileCommand, io: CommandIo): Promise<number> {
  return writeProfile('sandbox-exec profile', generateSandboxExecProfile(), command.file, io);
}
