export { buildServer, SERVER_LIMITS } from './build-server';
export type { ServerDeps } from './deps';
