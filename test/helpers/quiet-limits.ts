/**
 * For torture tests that are not about overload: turn off event-loop-delay shedding, so that a
 * stalled shared machine (other suites, other builds) cannot turn a request into a 503 and a
 * "never fails" assertion into a flake. Shedding itself is tested in test/torture/overload.test.ts.
 */
export const NO_DELAY_SHEDDING = { KALGUARD_MAX_EVENT_LOOP_DELAY_MS: '0' } as const;
