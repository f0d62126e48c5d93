import { watch, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';

export interface PolicyFileWatcher {
  close(): void;
}

/**
 * Calls `onChange` when the policy file may have changed. It only signals "look again": the
 * caller reads and hashes the file to find out whether it really changed.
 *
 * The parent DIRECTORY is watched, not the file: editors save by writing a temp file and renaming
 * it over the target, and Kubernetes swaps a ConfigMap by renaming the `..data` symlink; a watch on
 * the file would follow the old inode and go quiet. Events in the directory are debounced, since
 * one save produces a burst of them. A poll every `intervalMs` backs the watch up, because fs.watch
 * misses events on some filesystems (network mounts, some container overlays) and cannot see a
 * change behind a symlink that points outside the directory.
 *
 * Nothing here keeps the process alive: the watch is not persistent and the timers are unref'd.
 */
export function watchPolicyFile(options: {
  readonly path: string;
  readonly intervalMs: number;
  /** Quiet period awaited after the last event of a burst. */
  readonly debounceMs: number;
  readonly onChange: () => void;
}): PolicyFileWatcher {
  const { debounceMs } = options;
  let debounce: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;

  const onEvent = (): void => {
    if (debounce !== undefined) clearTimeout(debounce);
    debounce = setTimeout(() => {
      debounce = undefined;
      options.onChange();
    }, debounceMs);
    debounce.unref();
  };

  try {
    watcher = watch(dirname(options.path), { persistent: false }, onEvent);
    // A watch that breaks (directory removed, inotify limit) leaves the poll in charge.
    watcher.on('error', () => {
      watcher?.close();
      watcher = undefined;
    });
  } catch {
    watcher = undefined;
  }

  const poll = setInterval(options.onChange, options.intervalMs);
  poll.unref();

  return {
    close() {
      clearInterval(poll);
      if (debounce !== undefined) clearTimeout(debounce);
      watcher?.close();
      watcher = undefined;
    },
  };
}
