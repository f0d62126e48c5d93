import { describe, expect, it } from 'vitest';
import { request } from '../helpers/http';
import { runCli, startSidecar } from '../helpers/sidecar-process';

// The timeout and shedding variables the torture tests rely on: validated at start, visible in /health.
describe('connection-limit and load-shedding configuration', () => {
  it.each([
    { env: { KALGUARD_HEADERS_TIMEOUT_MS: '5000', KALGUARD_REQUEST_TIMEOUT_MS: '1000' }, message: /KALGUARD_HEADERS_TIMEOUT_MS: must not be above KALGUARD_REQUEST_TIMEOUT_MS \(5000 > 1000\)/ },
    { env: { KALGUARD_HEADERS_TIMEOUT_MS: '10' }, message: /KALGUARD_HEADERS_TIMEOUT_MS: expected a whole number from 100 to 600000/ },
    { env: { KALGUARD_MAX_CONCURRENT_REQUESTS: '-1' }, message: /KALGUARD_MAX_CONCURRENT_REQUESTS: expected a whole number from 0 to 1000000/ },
    { env: { KALGUARD_MAX_EVENT_LOOP_DELAY_MS: 'fast' }, message: /KALGUARD_MAX_EVENT_LOOP_DELAY_MS: expected a whole number/ },
    { env: { KALGUARD_IDLE_TIMEOUT_MS: '1.5' }, message: /KALGUARD_IDLE_TIMEOUT_MS: expected a whole number/ },
  ])('$env → exit 2 with one clear line', async ({ env, message }) => {
    const result = await runCli(['serve'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('/health reports the load component with its counters', async () => {
    const sidecar = await startSidecar({ env: { KALGUARD_MAX_CONCURRENT_REQUESTS: '7', KALGUARD_MAX_HEAP_USED_MB: '4096' } });
    try {
      const res = await request(`${sidecar.url}/health`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'ok', components: { load: { healthy: true, inFlight: 0, shed: 0 } } });
      expect(typeof res.body.components.load.eventLoopDelayMs).toBe('number');
      expect(res.body.components.load.heapUsedMb).toBeGreaterThan(0);
    } finally {
      await sidecar.stop();
    }
  });
});
