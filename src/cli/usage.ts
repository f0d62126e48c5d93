export const MAIN_USAGE = `Usage: kalguard-sidecar [command] [options]

Commands:
  serve            Run the sidecar (the default when no command is given).
  token            Mint a signed agent token with KALGUARD_TOKEN_SECRET.

Options:
  -h, --help       Show help (also after a command: kalguard-sidecar token --help).
  -v, --version    Print the version.

Configuration is read from KALGUARD_* environment variables; see the README.`;

export const SERVE_USAGE = `Usage: kalguard-sidecar serve [--allow-unsafe=NAME[,NAME]]

Runs the sidecar with the configuration in the KALGUARD_* environment variables.
  --allow-unsafe=LIST   Knowingly override named safety checks (same as KALGUARD_ALLOW_UNSAFE).`;

export const TOKEN_USAGE = `Usage: kalguard-sidecar token --agent ID [--cap CAPABILITY]... [--ttl SECONDS] [--issuer NAME] [--metadata JSON]

Prints a JWT (HS256) signed with KALGUARD_TOKEN_SECRET.
  --agent ID         Agent id (the token's sub claim). Required.
  --cap CAPABILITY   A capability; repeat for several. Default: prompt:send and tool:execute.
  --ttl SECONDS      Lifetime in seconds (1 to 31536000). Default: 3600.
  --issuer NAME      iss claim. Default: KALGUARD_TOKEN_ISSUER, else "kalguard".
  --metadata JSON    A JSON object stored in the metadata claim.`;
