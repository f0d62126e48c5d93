import type { FastifyInstance } from 'fastify';
import { contentFields } from '../../audit';
import { CAPABILITIES } from '../../auth';
import { KalguardError } from '../../errors';
import { exceedsDepth, MAX_BODY_DEPTH } from '../body-depth';
import { createAuthenticate, principalOf } from '../authenticate';
import type { ServerDeps } from '../deps';
import { decisionEnvelope } from '../envelope';
import { parseBody } from '../parse-body';
import { toolCheckBodySchema } from '../request-schemas';

export const TOOL_CHECK_PATH = '/v1/tool/check';

export function registerToolCheck(app: FastifyInstance, deps: ServerDeps): void {
  app.post(TOOL_CHECK_PATH, { onRequest: createAuthenticate(deps, CAPABILITIES.toolExecute) }, async (request) => {
    const body = parseBody(toolCheckBodySchema, request.body);
    const principal = principalOf(request);
    const args = normalizeArguments(body.arguments);
    const decision = deps.mediator.mediate(deps.policy.current(), {
      agentId: principal.agentId,
      toolName: body.toolName,
      arguments: args,
    });

    await deps.audit.append({
      type: 'tool.decision',
      requestId: request.id,
      agentId: principal.agentId,
      toolName: body.toolName,
      decision: decision.allowed ? 'allow' : 'deny',
      reasonCode: decision.allowed ? 'tool.allowed' : decision.code,
      reason: decision.reason,
      ruleId: decision.ruleId,
      policyHash: decision.policyHash,
      policyVersion: decision.policyVersion,
      ...contentFields(args, deps.config.auditIncludeContent),
    });

    return decisionEnvelope(decision, request.id, decision.allowed ? undefined : decision.reason);
  });
}

/**
 * OpenAI sends tool-call arguments as a JSON string, other clients as an object. A string that is
 * not JSON cannot be decided on, so it is a 400, not a guess.
 */
export function normalizeArguments(raw: unknown): unknown {
  if (raw === undefined) return {};
  if (typeof raw !== 'string') return raw;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw) as unknown;
  } catch {
    throw new KalguardError('ERR_VALIDATION', 'Cannot check request: invalid body: arguments: expected a JSON object or a string holding one', {
      details: [{ path: 'arguments', message: 'expected a JSON object or a string holding one' }],
    });
  }
  // The string escaped the body's depth check (see body-depth.ts): the same limit applies inside it.
  if (exceedsDepth(parsed)) {
    const message = `nested deeper than ${MAX_BODY_DEPTH} levels`;
    throw new KalguardError('ERR_VALIDATION', `Cannot check request: invalid body: arguments: ${message}`, { details: [{ path: 'arguments', message }] });
  }
  return parsed;
}
