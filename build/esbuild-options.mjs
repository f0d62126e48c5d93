// The esbuild options of the shipped bundle, shared by the build and the reproducibility test.
export const SIDECAR_BUNDLE_OPTIONS = {
  entryPoints: ['src/bin.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  banner: { js: '#!/usr/bin/env node' },
  legalComments: 'none',
  sourcemap: false,
  minifySyntax: true,
  logLevel: 'warning',
};
