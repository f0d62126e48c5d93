export { createToolMediator, type ToolMediatorOptions } from './tool-mediator';
export { createRateLimiter, DEFAULT_RATE_LIMITER_MAX_KEYS, type RateLimiterOptions } from './rate-limiter';
export { agentRateKey, toolRateKey } from './rate-limit-keys';
export { toSchemaErrorDetails, MAX_SCHEMA_ERRORS } from './schema-errors';
export type {
  RateLimiter,
  RateLimitResult,
  ToolCallRequest,
  ToolDecision,
  ToolDenialCode,
  ToolMediator,
} from './types';
