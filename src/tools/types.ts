import type { ErrorDetail } from '../errors';
import type { CompiledPolicy } from '../policy';

/** Stable reason codes of tool decisions. */
export type ToolDenialCode =
  | 'tool.denied_by_policy'
  | 'tool.not_allowed'
  | 'tool.schema_invalid'
  | 'tool.rate_limited'
  | 'tool.evaluation_error';

export interface ToolCallRequest {
  readonly agentId: string;
  readonly toolName: string;
  /** Already parsed JSON (an object, normally). */
  readonly arguments: unknown;
}

export type ToolDecision =
  | {
      readonly allowed: true;
      readonly toolName: string;
      readonly ruleId: string;
      readonly policyHash: string;
      readonly policyVersion: string;
      readonly reason: string;
    }
  | {
      readonly allowed: false;
      readonly toolName: string;
      readonly code: ToolDenialCode;
      readonly reason: string;
      readonly ruleId: string;
      readonly policyHash: string;
      readonly policyVersion: string;
      /** tool.schema_invalid: each failing JSON path (JSON Pointer into the arguments) and why. */
      readonly errors?: readonly ErrorDetail[];
      /** tool.rate_limited: whole seconds until a call would be admitted. */
      readonly retryAfterSeconds?: number;
    };

export interface RateLimitResult {
  readonly admitted: boolean;
  /** When not admitted: ms until the next call would be. */
  readonly retryAfterMs: number;
}

/**
 * Per-key rate limiter on an injected clock, with bounded memory: at most `maxKeys` keys are
 * tracked (least recently used are forgotten first).
 */
export interface RateLimiter {
  /** Takes one unit for `key` if allowed by `limitPerMinute`. */
  take(key: string, limitPerMinute: number): RateLimitResult;
  /** Returns, without taking, whether one unit is available. */
  peek(key: string, limitPerMinute: number): RateLimitResult;
  size(): number;
}

export interface ToolMediator {
  /** Pure apart from the limiter's state. Never throws: any error denies (tool.evaluation_error). */
  mediate(policy: CompiledPolicy, request: ToolCallRequest): ToolDecision;
}
