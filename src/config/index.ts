export { parseConfig, describeConfig, type SidecarConfig } from './parse-config';
export { envSchema, LOG_LEVELS } from './env-schema';
export { withSecretFromFile } from './secret-file';
export { type SandboxConfig } from './sandbox-env-schema';
export { UNSAFE_OVERRIDES, UNSAFE_OVERRIDE_NAMES, type UnsafeOverride } from './unsafe-overrides';
