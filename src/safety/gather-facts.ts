import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { SidecarConfig } from '../config';
import type { FileFacts, StartupFacts } from './types';

export interface ProcessFacts {
  readonly uid: number | undefined;
  readonly execArgv: readonly string[];
  readonly nodeOptions: string | undefined;
}

/**
 * The edge of the gate: reads file modes and owners. stat() follows symlinks, so a ConfigMap's
 * `policy.json -> ..data/policy.json` is judged by the file actually read; the directory judged is
 * the one holding the configured path (where a rename could swap the policy).
 */
export function gatherStartupFacts(config: SidecarConfig, policyDefaultDecision: 'allow' | 'deny', processFacts: ProcessFacts): StartupFacts {
  const policyPath = config.policyPath === undefined ? undefined : resolve(config.policyPath);
  const auditPath = config.auditLogPath === undefined ? undefined : resolve(config.auditLogPath);
  return {
    uid: processFacts.uid,
    tokenSecret: config.tokenSecret,
    policy: policyPath === undefined ? undefined : fileFacts(policyPath),
    policyDir: policyPath === undefined ? undefined : fileFacts(dirname(policyPath)),
    policyDefaultDecision,
    auditDir: auditPath === undefined ? undefined : fileFacts(dirname(auditPath)),
    nodeExecArgv: processFacts.execArgv,
    nodeOptions: processFacts.nodeOptions,
  };
}

function fileFacts(path: string): FileFacts | undefined {
  try {
    const stat = statSync(path);
    return { path, mode: stat.mode, uid: stat.uid, readOnlyMount: isOnReadOnlyMount(path) };
  } catch {
    // Missing files are reported by the loaders with their own clear errors.
    return undefined;
  }
}

/**
 * access(2) answers EROFS for a write check on a read-only mount once the mode bits would allow
 * it (so for the world-writable directories that matter here); anything else means "not known to
 * be read-only", and the mode bits are judged as usual.
 */
function isOnReadOnlyMount(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EROFS';
  }
}
