import type { FastifyInstance } from 'fastify';
import { contentFields, type AuditEventInput } from '../../audit';
import { isKalguardError, KalguardError } from '../../errors';
import type { CompiledExec } from '../../policy';
import type { RunResult } from '../../sandbox';
import { createAuthenticate, principalOf } from '../authenticate';
import type { ServerDeps } from '../deps';
import { decisionEnvelope } from '../envelope';
import { parseBody } from '../parse-body';
import { toolCheckBodySchema } from '../request-schemas';
import { normalizeArguments } from './tool-check';

export const TOOL_EXECUTE_PATH = '/v1/tool/execute';

/**
 * Running a command is more than being told whether one may: a token minted for /v1/tool/check
 * (`tool:execute`, in every default token) must not start processes on the sidecar's host, so
 * this endpoint needs its own capability, granted explicitly.
 */
export const TOOL_RUN_CAPABILITY = 'tool:run';

/** The labels every audit record of one execute request shares. */
type RecordBase = Pick<AuditEventInput, 'requestId' | 'agentId' | 'toolName' | 'ruleId' | 'policyHash' | 'policyVersion'>;

/**
 * POST /v1/tool/execute: the same mediation as /v1/tool/check (the same body schema, argument
 * normalisation and mediator: policy, catalogue, JSON Schema, rate limits), then, only for an
 * allowed call of a tool with an `exec` section, one run in the sandbox. The validated arguments
 * go to the command's stdin as JSON; argv is the operator's, fixed in the policy.
 *
 * Audit, each record written before what it covers is acted on or answered: the decision
 * (`tool.decision`) before the command starts, the outcome (`tool.execution`) before the response.
 */
export function registerToolExecute(app: FastifyInstance, deps: ServerDeps): void {
  app.post(TOOL_EXECUTE_PATH, { onRequest: createAuthenticate(deps, TOOL_RUN_CAPABILITY) }, async (request) => {
    const body = parseBody(toolCheckBodySchema, request.body);
    const principal = principalOf(request);
    const args = normalizeArguments(body.arguments);
    // One policy for the whole request: a reload mid-request cannot pair one policy's decision
    // with another's exec section.
    const policy = deps.policy.current();
    const decision = deps.mediator.mediate(policy, { agentId: principal.agentId, toolName: body.toolName, arguments: args });
    const base: RecordBase = {
      requestId: request.id,
      agentId: principal.agentId,
      toolName: body.toolName,
      ruleId: decision.ruleId,
      policyHash: decision.policyHash,
      policyVersion: decision.policyVersion,
    };
    const recordDecision = (fields: Pick<AuditEventInput, 'decision' | 'reasonCode' | 'reason'>) =>
      deps.audit.append({ type: 'tool.decision', ...base, ...fields, ...contentFields(args, deps.config.auditIncludeContent), details: { endpoint: TOOL_EXECUTE_PATH } });

    if (!decision.allowed) {
      await recordDecision({ decision: 'deny', reasonCode: decision.code, reason: decision.reason });
      return decisionEnvelope(decision, request.id, decision.reason);
    }
    const exec = policy.tools?.get(body.toolName)?.exec;
    if (exec === undefined) {
      // A refusal, not a denial: the policy allows the call, but the sidecar has nothing to run.
      const reason = `tool ${JSON.stringify(body.toolName)} has no exec section in the policy`;
      await recordDecision({ decision: 'deny', reasonCode: 'tool.not_executable', reason });
      throw new KalguardError('ERR_TOOL_NOT_EXECUTABLE', `Cannot execute tool: ${reason} (the call is allowed: run it yourself after /v1/tool/check, or add tools.${body.toolName}.exec)`);
    }
    await recordDecision({ decision: 'allow', reasonCode: 'tool.allowed', reason: decision.reason });
    const result = await runAndRecord(deps, exec, args, base);
    return decisionEnvelope({ ...decision, result }, request.id);
  });
}

/** Runs the exec section and writes the `tool.execution` record (also for a refused run). */
async function runAndRecord(deps: ServerDeps, exec: CompiledExec, args: unknown, base: RecordBase): Promise<RunResult> {
  const timeoutMs = exec.timeoutMs ?? deps.config.sandbox.defaultTimeoutMs;
  // What ran, for the audit: the command line and where. Environment values are not recorded.
  const what = { command: exec.command, args: exec.args, cwd: exec.cwd, env: Object.keys(exec.env), network: exec.network, sandbox: deps.sandbox?.mode.mode ?? 'unavailable' };
  let result: RunResult;
  try {
    if (deps.sandbox === undefined) throw new KalguardError('ERR_SANDBOX_UNAVAILABLE', 'Cannot run the command: the sandbox runner is not configured');
    result = await deps.sandbox.run({
      command: exec.command,
      args: exec.args,
      cwd: exec.cwd,
      env: exec.env,
      timeoutMs,
      network: exec.network,
      stdin: Buffer.from(JSON.stringify(args), 'utf8'),
    });
  } catch (error) {
    const code = isKalguardError(error) ? error.code : 'ERR_INTERNAL';
    const reasonCode = `sandbox.${code.replace(/^ERR_(SANDBOX_)?/, '').toLowerCase()}`;
    await deps.audit.append({ type: 'tool.execution', ...base, decision: 'error', reasonCode, reason: error instanceof Error ? error.message : String(error), details: what });
    throw error;
  }
  await deps.audit.append({
    type: 'tool.execution',
    ...base,
    decision: 'allow',
    reasonCode: result.timedOut ? 'tool.timed_out' : 'tool.executed',
    reason: result.timedOut ? `killed after ${timeoutMs} ms` : `exited ${result.exitCode === null ? `by ${String(result.signal)}` : `with ${result.exitCode}`}`,
    details: {
      ...what,
      exitCode: result.exitCode,
      signal: result.signal,
      timedOut: result.timedOut,
      durationMs: result.durationMs,
      stdoutTruncated: result.stdoutTruncated,
      stderrTruncated: result.stderrTruncated,
      limits: result.limits,
    },
  });
  return result;
}
