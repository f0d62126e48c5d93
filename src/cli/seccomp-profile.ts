import { writeFile } from 'node:fs/promises';
import { KalguardError } from '../errors';
import { TRACED_SYSCALLS, generateSeccompProfile, renderSeccompProfile, type SeccompArch } from '../profiles';
import type { CommandIo } from './policy-check';

/** Node's process.arch → the kernel's architecture name, which the traced lists are keyed by. */
const KERNEL_ARCH: Readonly<Record<string, SeccompArch>> = { x64: 'x86_64', arm64: 'aarch64' };

/**
 * `seccomp-profile [FILE] [--allow-exec]`: the profile for the architecture this binary runs on,
 * from the syscall lists embedded at build time. Exit 0 written, 1 the file cannot be written,
 * 3 (ERR_NOT_AVAILABLE) no list was traced for this architecture.
 */
export async function runSeccompProfile(options: { readonly file: string | undefined; readonly allowExec: boolean }, nodeArch: string, io: CommandIo): Promise<number> {
  const arch = KERNEL_ARCH[nodeArch];
  const traced = arch === undefined ? undefined : TRACED_SYSCALLS[arch];
  if (arch === undefined || traced === undefined) {
    // Refuse rather than guess: another architecture's names (open, stat, epoll_wait…) would deny
    // calls this one needs, or allow ones it was never traced for.
    throw new KalguardError(
      'ERR_NOT_AVAILABLE',
      `Cannot generate seccomp profile: no syscall list was traced for ${arch ?? nodeArch} (run npm run trace:syscalls on that architecture and rebuild)`,
    );
  }
  const text = renderSeccompProfile(generateSeccompProfile({ arch, tracedSyscalls: traced, allowExec: options.allowExec }));
  if (options.file === undefined) {
    io.stdout(text);
    return 0;
  }
  try {
    await writeFile(options.file, `${text}\n`, { mode: 0o644 });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    io.stderr(`kalguard-sidecar: Cannot write seccomp profile to ${options.file}: ${reason}`);
    return 1;
  }
  return 0;
}
