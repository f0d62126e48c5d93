import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { KalguardError } from '../errors';
import { APPARMOR_DEFAULTS, generateAppArmorProfile, type AppArmorProfileOptions } from '../profiles';
import type { CommandIo } from './policy-check';

export const APPARMOR_PROFILE_USAGE = `Usage: kalguard-sidecar apparmor-profile [FILE] [--binary PATH] [--policy PATH] [--audit-dir DIR] [--name NAME]

Writes an AppArmor profile to FILE, or to stdout: deny by default; the executable mapped, TCP over
IPv4/IPv6, the policy read-only, writes only in the audit directory; no capabilities, ptrace,
mounts, raw or packet sockets, or execution. Paths must be absolute and literal (no * ? [ ] { }
^ quotes, spaces or ..): a path can never widen the profile.
  --binary PATH     Installed executable. Default: ${APPARMOR_DEFAULTS.binaryPath}
  --policy PATH     KALGUARD_POLICY_PATH. Default: ${APPARMOR_DEFAULTS.policyPath}
  --audit-dir DIR   Directory of KALGUARD_AUDIT_LOG_PATH. Default: ${APPARMOR_DEFAULTS.auditDir}
  --name NAME       Profile name. Default: ${APPARMOR_DEFAULTS.profileName}
Exit 0 written, 1 FILE cannot be written, 2 usage or a path that is refused.`;

export type AppArmorProfileCommand = { readonly name: 'apparmor-profile'; readonly file: string | undefined; readonly options: AppArmorProfileOptions };

/** Parses `apparmor-profile` arguments; returns undefined for --help. Throws ERR_USAGE. */
export function parseAppArmorProfileArgs(args: readonly string[]): AppArmorProfileCommand | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: { binary: { type: 'string' }, policy: { type: 'string' }, 'audit-dir': { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw profileUsageError('apparmor-profile', error instanceof Error ? (error.message.split('\n', 1)[0] ?? 'invalid arguments') : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help === true) return undefined;
  if (positionals.length > 1) throw profileUsageError('apparmor-profile', 'expected at most one FILE');
  return {
    name: 'apparmor-profile',
    file: positionals[0],
    options: {
      binaryPath: values.binary ?? APPARMOR_DEFAULTS.binaryPath,
      policyPath: values.policy ?? APPARMOR_DEFAULTS.policyPath,
      auditDir: values['audit-dir'] ?? APPARMOR_DEFAULTS.auditDir,
      profileName: values.name ?? APPARMOR_DEFAULTS.profileName,
    },
  };
}

/** `apparmor-profile`: a refused path is ERR_USAGE (exit 2) from the generator, before anything is written. */
export async function runAppArmorProfile(command: AppArmorProfileCommand, io: CommandIo): Promise<number> {
  return writeProfile('AppArmor profile', generateAppArmorProfile(command.options), command.file, io);
}

/** Writes a generated profile to FILE (mode 0644: profiles are public) or to stdout, byte for byte. */
export async function writeProfile(what: string, text: string, file: string | undefined, io: CommandIo): Promise<number> {
  if (file === undefined) {
    io.stdout(text.endsWith('\n') ? text.slice(0, -1) : text);
    return 0;
  }
  try {
    await writeFile(file, text, { mode: 0o644 });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    io.stderr(`kalguard-sidecar: Cannot write ${what} to ${file}: ${reason}`);
    return 1;
  }
  return 0;
}

export function profileUsageError(command: string, message: string): KalguardError {
  return new KalguardError('ERR_USAGE', `${command}: ${message} (see --help)`);
}
