import type { Logger } from 'pino';
import { dirname, resolve } from 'node:path';
import { createFileAuditSink, createMemoryAuditSink, ensureAuditDirectory, type AuditSink } from './audit';
import { createTokenVerifier, mintToken } from './auth';
import { parseCommand, runExec, runAppArmorProfile, runHealthcheck, runPolicyCheck, runSandboxProfile, runSeccompProfile, type Command } from './cli';
import { describeConfig, parseConfig as parseEnv, withSecretFromFile, type SidecarConfig } from './config';
import { KalguardError, isKalguardError } from './errors';
import { builtinPolicy, createPolicyStore, loadPolicyFile, type CompiledPolicy, type PolicyStoreEvent } from './policy';
import { checkStartupSafety, gatherStartupFacts, type ProcessFacts } from './safety';
import { createSandboxRunner, detectSandboxMode, resolveRoots, type SandboxRunner } from './sandbox';
import { buildServer, listen, resolveListenTarget, type ListenEnv } from './server';
import { createRateLimiter, createToolMediator } from './tools';
import { createLogger } from './util/create-logger';
import { VERSION } from './version';

/** Where a command writes; injected so that tests and the binary share one code path. */
export interface Io {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
}

/**
 * The composition root: argv and environment in, exit code out. The only place that wires
 * config → logger → audit sink → policy store → server.
 */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io, processFacts: ProcessFacts): Promise<number> {
  try {
    const command = parseCommand(argv);
    return await run(command, env, io, processFacts);
  } catch (error) {
    if (isKalguardError(error)) {
      io.stderr(`kalguard-sidecar: ${error.message}`);
      return error.exitCode;
    }
    io.stderr(`kalguard-sidecar: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

async function run(command: Command, env: NodeJS.ProcessEnv, io: Io, processFacts: ProcessFacts): Promise<number> {
  switch (command.name) {
    case 'help':
      io.stdout(command.text);
      return 0;
    case 'version':
      io.stdout(VERSION);
      return 0;
    case 'token':
      return runToken(command, parseConfig(env), io);
    case 'policy-check':
      return runPolicyCheck(command.file, parseConfig(env).policyDefaultDeny, io);
    case 'healthcheck':
      return runHealthcheck(command.url, command.timeoutMs, parseConfig(env), io);
    case 'seccomp-profile':
      return runSeccompProfile(command, process.arch, io);
    case 'apparmor-profile':
      return runAppArmorProfile(command, io);
    case 'sandbox-profile':
      return runSandboxProfile(command, io);
    case 'unavailable':
      throw new KalguardError('ERR_NOT_AVAILABLE', `Cannot run ${command.command}: not available yet in version ${VERSION} (the OS confinement profiles come in a later release)`);
    case 'exec':
      return runExec(command, parseConfig(env), env, io);
    case 'serve':
      return serve(parseConfig(withCliOverrides(env, command.allowUnsafe)), processFacts, takeListenEnv(env));
  }
}

/**
 * Reads the socket-activation variables and, as sd_listen_fds(3) with unset_environment, removes
 * them so that nothing the sidecar spawns believes the sockets are its own.
 */
function takeListenEnv(env: NodeJS.ProcessEnv): ListenEnv {
  const listenEnv = { LISTEN_FDS: env['LISTEN_FDS'], LISTEN_PID: env['LISTEN_PID'], LISTEN_FDNAMES: env['LISTEN_FDNAMES'] };
  delete env['LISTEN_FDS'];
  delete env['LISTEN_PID'];
  delete env['LISTEN_FDNAMES'];
  return listenEnv;
}

/** Every command's configuration: the environment, with the token secret read from its file if one is named. */
function parseConfig(env: NodeJS.ProcessEnv): SidecarConfig {
  return parseEnv(withSecretFromFile(env));
}

function withCliOverrides(env: NodeJS.ProcessEnv, allowUnsafe: string | undefined): NodeJS.ProcessEnv {
  if (allowUnsafe === undefined) return env;
  const merged = [env['KALGUARD_ALLOW_UNSAFE'], allowUnsafe].filter((v) => v !== undefined && v !== '').join(',');
  return { ...env, KALGUARD_ALLOW_UNSAFE: merged };
}

async function runToken(command: Extract<Command, { name: 'token' }>, config: SidecarConfig, io: Io): Promise<number> {
  if (config.tokenSecret === undefined) {
    throw new KalguardError('ERR_CONFIG_INVALID', 'Cannot mint token: KALGUARD_TOKEN_SECRET is not set');
  }
  const token = await mintToken({
    secret: config.tokenSecret,
    agentId: command.agentId,
    capabilities: command.capabilities,
    ttlSeconds: command.ttlSeconds,
    issuer: command.issuer ?? config.tokenIssuer ?? 'kalguard',
    ...(command.metadata === undefined ? {} : { metadata: command.metadata }),
    now: Date.now,
  });
  io.stdout(token);
  return 0;
}

/**
 * The start-up gate: refuse (exit 2, one line per problem: what, why, and the override's name)
 * unless the operator named the override for every problem found.
 */
function assertSafeToStart(config: SidecarConfig, policy: CompiledPolicy, processFacts: ProcessFacts) {
  const verdict = checkStartupSafety(gatherStartupFacts(config, policy.defaultDecision, processFacts), config.allowUnsafe);
  if (verdict.refusals.length > 0) {
    const lines = verdict.refusals.map((p) => `- ${p.message} (to accept this knowingly: KALGUARD_ALLOW_UNSAFE=${p.override})`);
    throw new KalguardError('ERR_UNSAFE_START', `Cannot start: refusing to run unsafely:\n${lines.join('\n')}`);
  }
  return verdict;
}

async function serve(config: SidecarConfig, processFacts: ProcessFacts, listenEnv: ListenEnv): Promise<number> {
  const policy = config.policyPath === undefined ? builtinPolicy(config.policyDefaultDeny) : await loadPolicyFile(config.policyPath, { defaultDeny: config.policyDefaultDeny });
  const safety = assertSafeToStart(config, policy, processFacts);
  // Before anything is opened: a malformed socket-activation environment is a start-up error.
  const target = resolveListenTarget(listenEnv, process.pid, { host: config.host, port: config.port });
  const logger = createLogger(config.logLevel);
  for (const name of config.allowUnsafe) logger.warn({ override: name }, `unsafe override in force: ${name}`);
  for (const problem of safety.overridden) logger.warn({ override: problem.override }, `overridden safety check: ${problem.message}`);
  const sandbox = await createSandbox(config, logger);
  // Node opens its inspector on SIGUSR1 unless the process handles the signal itself: anyone who
  // may signal the process could otherwise attach a debugger to the enforcement plane.
  process.on('SIGUSR1', () => logger.warn('SIGUSR1 ignored: the inspector is disabled in kalguard-sidecar'));

  const audit = await openAuditSink(config, logger);
  await audit.append({
    type: 'startup',
    details: { version: VERSION, pid: process.pid, config: describeConfig(config), unsafe: config.allowUnsafe, overriddenChecks: safety.overridden, sandbox: sandbox.mode, listen: target.kind },
  });
  await audit.append({ type: 'policy.loaded', policyHash: policy.hash, policyVersion: policy.version, details: { source: policy.source, rules: policy.rules.length } });
  logger.info({ policyHash: policy.hash, source: policy.source, rules: policy.rules.length }, 'policy loaded');

  const store = createPolicyStore({
    path: config.policyPath,
    defaultDeny: config.policyDefaultDeny,
    watch: config.policyWatch,
    intervalMs: config.policyWatchIntervalMs,
    initial: policy,
    onEvent: (event) => recordPolicyEvent(event, logger, audit),
  });
  const mediator = createToolMediator({
    rateLimiter: createRateLimiter({ now: Date.now, maxKeys: 100_000 }),
    globalRateLimitPerMinute: config.toolRateLimitPerMinute,
  });
  const verifier = createTokenVerifier({
    secret: config.tokenSecret,
    previousSecret: config.tokenSecretPrevious,
    expectedIssuer: config.tokenIssuer,
    clockSkewSeconds: config.tokenClockSkewSeconds,
    now: Date.now,
  });
  // Loaded here, not at the top: compiling the firewall's automata and lexicons takes ~180 ms,
  // which every other command (a container's healthcheck runs every few seconds) must not pay.
  const { evaluatePrompt } = await import('./firewall');
  const app = buildServer({ config, logger, verifier, policy: store, mediator, audit, evaluatePrompt, sandbox });
  const address = await listen(app, target);
  const activated = target.kind === 'socket-activation';
  logger.info(
    { event: 'listening', host: address.address, port: address.port, version: VERSION, socket: activated ? 'socket-activation' : 'bound', ...(activated ? { fd: target.fd } : {}) },
    `kalguard-sidecar listening on ${address.address}:${address.port}${activated ? ` (socket from systemd socket activation, fd ${target.fd}; KALGUARD_HOST/KALGUARD_PORT not used)` : ''}`,
  );

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
      // If in-flight work or the audit flush hangs, exit non-zero rather than never.
      const force = setTimeout(() => {
        logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'graceful shutdown timed out; exiting');
        resolve(1);
      }, config.shutdownTimeoutMs);
      void (async () => {
        await app.close();
        store.close();
        await audit.append({ type: 'shutdown', details: { signal } }).catch((err: unknown) => logger.error({ err }, 'could not record shutdown'));
        await audit.close();
        clearTimeout(force);
        logger.info('stopped');
        resolve(0);
      })();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    process.on('SIGHUP', () => {
      logger.info('SIGHUP: reloading policy and reopening the audit file');
      void store.reload('signal');
      audit.reopen().catch((err: unknown) => logger.error({ err }, 'audit reopen failed; decisions are refused until it can write'));
    });
  });
}

/**
 * The tool sandbox: which confinement is in force is decided once, here, and said in the log
 * (a warning when tool commands would run unconfined or not at all) and in the startup record.
 */
async function createSandbox(config: SidecarConfig, logger: Logger): Promise<SandboxRunner> {
  const allowUnconfined = config.allowUnsafe.includes('no-os-sandbox');
  const mode = await detectSandboxMode({ platform: process.platform, bwrapPath: config.sandbox.bwrapPath, allowUnconfined, rootsConfigured: config.sandbox.roots.length > 0 });
  // A warning only when execution is configured but would run unconfined or not at all.
  const asIntended = mode.mode === 'bwrap' || mode.mode === 'sandbox-exec' || mode.mode === 'disabled';
  logger[asIntended ? 'info' : 'warn']({ event: 'sandbox', sandbox: mode.mode, reason: mode.reason, roots: config.sandbox.roots }, `tool sandbox: ${mode.mode} (${mode.reason})`);
  return createSandboxRunner({ mode, settings: { ...config.sandbox, roots: resolveRoots(config.sandbox.roots) } });
}

async function openAuditSink(config: SidecarConfig, logger: Logger): Promise<AuditSink> {
  if (config.auditLogPath === undefined) {
    logger.warn('audit is in memory only (KALGUARD_AUDIT_LOG_PATH unset): records are lost on exit');
    return createMemoryAuditSink({ capacity: config.auditMemoryCapacity, now: () => new Date() });
  }
  const auditDir = dirname(resolve(config.auditLogPath));
  const createdDir = await ensureAuditDirectory(auditDir, { allowWritableByOthers: config.allowUnsafe.includes('writable-audit-dir') }).catch((error: unknown) => {
    throw new KalguardError('ERR_AUDIT_UNAVAILABLE', `Cannot open audit file: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  });
  if (createdDir) logger.info({ dir: auditDir, mode: '0700' }, 'audit directory created');
  const sink = await createFileAuditSink({
    path: config.auditLogPath,
    fsync: config.auditFsync,
    now: () => new Date(),
    onError: (err) => logger.error({ err: err.message }, 'audit write failed: decisions are refused (503) until it can write again'),
  });
  const { recovery } = sink;
  if (recovery.status === 'torn' || recovery.status === 'unparseable') {
    logger.warn({ recovery }, 'audit file ended with a torn or unreadable record (crash?); it was terminated and the recovery recorded');
  }
  logger.info({ path: config.auditLogPath, nextSeq: recovery.nextSeq, fsync: config.auditFsync }, 'audit file open');
  return sink;
}

function recordPolicyEvent(event: PolicyStoreEvent, logger: Logger, audit: AuditSink): void {
  if (event.type === 'policy.reloaded') {
    logger.info({ previousHash: event.previousHash, policyHash: event.hash, trigger: event.trigger }, 'policy reloaded');
    void audit
      .append({ type: 'policy.reloaded', policyHash: event.hash, policyVersion: event.version, details: { previousHash: event.previousHash, trigger: event.trigger } })
      .catch((err: unknown) => logger.error({ err }, 'could not record policy reload'));
  } else {
    logger.error({ policyHash: event.hash, error: event.error, trigger: event.trigger }, 'policy reload failed; keeping the last good policy');
    void audit
      .append({ type: 'policy.reload_failed', policyHash: event.hash, reason: event.error.message, details: { error: event.error, trigger: event.trigger } })
      .catch((err: unknown) => logger.error({ err }, 'could not record policy reload failure'));
  }
}
