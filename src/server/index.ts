export { buildServer, SERVER_LIMITS } from './build-server';
export type { ServerDeps } from './deps';
export { listen, resolveListenTarget, type ListenEnv, type ListenTarget } from './listen';
