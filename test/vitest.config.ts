import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The config lives under test/ because the project's top level is fixed.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // End-to-end suites spawn real sidecar processes; two cores do not need more workers.
    maxWorkers: 2,
  },
});
