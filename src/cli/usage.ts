export const MAIN_USAGE = `Usage: kalguard-sidecar [command] [options]

Commands:
  serve              Run the sidecar (the default when no command is given).
  token              Mint a signed agent token with KALGUARD_TOKEN_SECRET.
  policy check FILE  Validate a policy file and warn about rules that can never match.
  healthcheck        Exit 0 only if the local sidecar's /health answers 200.
  exec -- CMD ARGS   Run one command in the tool sandbox (bubblewrap) and print the result as JSON.
  seccomp-profile    Write the seccomp profile for this architecture (Docker, Kubernetes).
  apparmor-profile   Write the AppArmor profile (Linux; paths given as options).
  sandbox-profile    Write the macOS sandbox-exec profile (paths given to sandbox-exec).

Options:
  -h, --help         Show help (also after a command: kalguard-sidecar token --help).
  -v, --version      Print the version.

Configuration is read from KALGUARD_* environment variables; see the README.`;

export const SERVE_USAGE = `Usage: kalguard-sidecar serve [--allow-unsafe=NAME[,NAME]]

Runs the sidecar with the configuration in the KALGUARD_* environment variables. Before listening
it refuses to start unsafely (no or weak token secret, root, writable policy or audit directory,
default-allow policy, Node debugging/code-loading switches) unless each problem is overridden.
  --allow-unsafe=LIST   Knowingly override named safety checks (adds to KALGUARD_ALLOW_UNSAFE).`;

export const TOKEN_USAGE = `Usage: kalguard-sidecar token --agent ID [--cap CAPABILITY]... [--ttl SECONDS] [--issuer NAME] [--metadata JSON]

Prints a JWT (HS256) signed with KALGUARD_TOKEN_SECRET.
  --agent ID         Agent id (the token's sub claim). Required.
  --cap CAPABILITY   A capability; repeat for several. Default: prompt:send and tool:execute.
  --ttl SECONDS      Lifetime in seconds (1 to 31536000). Default: 3600.
  --issuer NAME      iss claim. Default: KALGUARD_TOKEN_ISSUER, else "kalguard".
  --metadata JSON    A JSON object stored in the metadata claim.`;

export const POLICY_USAGE = `Usage: kalguard-sidecar policy check FILE

Validates a policy file. Prints every problem with its JSON path, and warnings about rules that
can never match and about a policy that can allow nothing. Exit 0 valid, 1 invalid, 2 usage.`;

export const HEALTHCHECK_USAGE = `Usage: kalguard-sidecar healthcheck [--url URL] [--timeout MS]

GETs the sidecar's /health and exits 0 only on 200 (1 otherwise): for container HEALTHCHECKs in
images without a shell, curl or wget.
  --url URL       Default: http://127.0.0.1:$KALGUARD_PORT/health (port 9292 when unset).
  --timeout MS    Default: 3000.`;

export const SECCOMP_PROFILE_USAGE = `Usage: kalguard-sidecar seccomp-profile [FILE] [--allow-exec]

Writes an OCI/Docker seccomp profile (JSON) to FILE, or to stdout: deny by default (EPERM), only
the syscalls traced from this build plus a documented few, socket limited to AF_UNIX/AF_INET/
AF_INET6 stream and datagram, clone to threads, clone3 and io_uring answered ENOSYS.
  --allow-exec   Also allow process creation and what bwrap needs (for tool execution); weaker.
Exit 0 written, 1 FILE cannot be written, 2 usage, 3 no syscall list for this architecture.`;
