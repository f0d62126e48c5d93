import type { BuildOptions } from 'esbuild';
export declare const SIDECAR_BUNDLE_OPTIONS: BuildOptions;
