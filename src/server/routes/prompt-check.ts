import type { FastifyInstance } from 'fastify';
import { contentFields } from '../../audit';
import { CAPABILITIES } from '../../auth';
import { evaluatePolicy } from '../../policy';
import { createAuthenticate, principalOf } from '../authenticate';
import type { ServerDeps } from '../deps';
import { decisionEnvelope } from '../envelope';
import { parseBody } from '../parse-body';
import { decidePrompt } from '../prompt-decision';
import { applySanitizedTexts, toPromptMessages } from '../prompt-messages';
import { promptCheckBodySchema } from '../request-schemas';

export const PROMPT_CHECK_PATH = '/v1/prompt/check';

export function registerPromptCheck(app: FastifyInstance, deps: ServerDeps): void {
  const thresholds = { block: deps.config.promptBlockThreshold, sanitize: deps.config.promptSanitizeThreshold };
  app.post(PROMPT_CHECK_PATH, { onRequest: createAuthenticate(deps, CAPABILITIES.promptSend) }, async (request) => {
    const body = parseBody(promptCheckBodySchema, request.body);
    const principal = principalOf(request);
    const policyDecision = evaluatePolicy(deps.policy.current(), { agentId: principal.agentId, action: 'prompt:check' });
    const verdict = deps.evaluatePrompt(toPromptMessages(body.messages), thresholds);
    const decision = decidePrompt(policyDecision, verdict);

    // The record is written before the answer leaves: if it cannot be, append throws
    // ERR_AUDIT_UNAVAILABLE and the client gets a 503 instead of an unrecorded decision.
    await deps.audit.append({
      type: 'prompt.decision',
      requestId: request.id,
      agentId: principal.agentId,
      decision: decision.action,
      reasonCode: decision.code,
      ...(decision.reason === undefined ? {} : { reason: decision.reason }),
      ruleId: decision.ruleId,
      policyHash: decision.policyHash,
      policyVersion: decision.policyVersion,
      riskScore: decision.riskScore,
      riskLevel: decision.riskLevel,
      findingIds: [...new Set(decision.findings.map((f) => f.id))],
      ...contentFields(body.messages, deps.config.auditIncludeContent),
    });

    const sanitizedMessages =
      decision.allowed && verdict.sanitizedMessages !== undefined
        ? applySanitizedTexts(body.messages, verdict.sanitizedMessages)
        : undefined;
    const data = {
      allowed: decision.allowed,
      action: decision.action,
      code: decision.code,
      riskScore: decision.riskScore,
      riskLevel: decision.riskLevel,
      findings: decision.findings,
      ...(sanitizedMessages === undefined ? {} : { sanitizedMessages }),
      ruleId: decision.ruleId,
      policyHash: decision.policyHash,
      policyVersion: decision.policyVersion,
    };
    return decisionEnvelope(data, request.id, decision.reason);
  });
}
