/*
 * The macOS sandbox-exec (seatbelt) profile for one run. NOT VERIFIED on macOS: this repository's
 * CI runs on Linux, so only the generated text is tested. Deny by default; every path reaches the
 * profile as a `(param …)` passed with -D, never spliced into the profile text, so a path holding
 * quotes or parentheses cannot rewrite the rules.
 */

export const SANDBOX_EXEC_PATH = '/usr/bin/sandbox-exec';

const BASE_PROFILE = `(version 1)
(deny default)
(allow process-exec (literal (param "COMMAND")))
(allow process-fork)
(allow signal (target same-sandbox))
(allow sysctl-read)
(allow mach-lookup (global-name "com.apple.system.logger"))
(allow file-read-metadata)
(allow file-read*
  (subpath "/usr") (subpath "/bin") (subpath "/sbin") (subpath "/System") (subpath "/Library/Apple")
  (subpath "/private/etc") (subpath "/dev") (literal (param "COMMAND")) (subpath (param "CWD")))
(allow file-write* (subpath (param "CWD")) (literal "/dev/null"))
`;

const NETWORK_RULES = `(allow network*)
(allow mach-lookup (global-name "com.apple.dnssd.service") (global-name "com.apple.trustd"))
`;

export function generateSeatbeltProfile(network: boolean): string {
  return network ? `${BASE_PROFILE}${NETWORK_RULES}` : BASE_PROFILE;
}

export interface SeatbeltCall {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly network: boolean;
}

/** argv for /usr/bin/sandbox-exec: the profile, its parameters, then the command (absolute, so never taken for an option). */
export function buildSandboxExecArgs(call: SeatbeltCall): string[] {
  return ['-p', generateSeatbeltProfile(call.network), '-D', `COMMAND=${call.command}`, '-D', `CWD=${call.cwd}`, call.command, ...call.args];
}
