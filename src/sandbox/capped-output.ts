/**
 * Collects a stream's bytes up to a cap and counts (but drops) the rest, so that a child flooding
 * its output costs the sidecar at most `cap` bytes per stream, however long it runs. The stream
 * keeps being read: a child blocked on a full pipe would otherwise hang until its timeout.
 */
export interface CappedOutput {
  push(chunk: Buffer): void;
  text(): string;
  readonly truncated: boolean;
  /** Every byte the child wrote, kept or not. */
  readonly totalBytes: number;
}

export function createCappedOutput(cap: number): CappedOutput {
  const chunks: Buffer[] = [];
  let kept = 0;
  let total = 0;
  return {
    push(chunk) {
      total += chunk.length;
      if (kept >= cap) return;
      const room = cap - kept;
      const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
      // Copy a partial chunk: a subarray would keep the whole (up to 64 KiB) buffer alive.
      chunks.push(part === chunk ? chunk : Buffer.from(part));
      kept += part.length;
    },
    text: () => Buffer.concat(chunks, kept).toString('utf8'),
    get truncated() {
      return total > kept;
    },
    get totalBytes() {
      return total;
    },
  };
}
