import type { SidecarConfig } from '../config';
import type { CommandIo } from './policy-check';

/** `healthcheck`: exit 0 only when /health answers 200 in time. */
export async function runHealthcheck(url: string | undefined, timeoutMs: number, config: SidecarConfig, io: CommandIo): Promise<number> {
  // A wildcard bind address is not somewhere to connect to: ask over loopback.
  const host = ['0.0.0.0', '::', ''].includes(config.host) ? '127.0.0.1' : config.host;
  const target = url ?? `http://${host.includes(':') ? `[${host}]` : host}:${config.port}/health`;
  try {
    const response = await fetch(target, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    const body = (await response.text()).slice(0, 500);
    if (response.status === 200) {
      io.stdout(`healthy: ${target} ${body}`);
      return 0;
    }
    io.stderr(`unhealthy: ${target} answered ${response.status} ${body}`);
    return 1;
  } catch (error) {
    io.stderr(`unhealthy: ${target}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
