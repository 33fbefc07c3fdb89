import { readFile } from 'node:fs/promises';
import { unwatchFile, watchFile, type Stats } from 'node:fs';

/**
 * Calls `changed` with the file's text whenever it changes. Polling `stat` rather than fs.watch:
 * it follows a file replaced by rename (how editors, `mv` and Kubernetes ConfigMaps update one)
 * and a symlink swapped to a new target, where an inotify watch stays on the old inode. A file
 * that cannot be read is reported as an error; the caller keeps what it serves.
 */
export function watchSupergraphFile(
  path: string,
  intervalMs: number,
  changed: (sdl: string) => Promise<void>,
  unreadable: (error: Error) => void,
): () => void {
  let running: Promise<void> = Promise.resolve();
  const listener = (current: Stats, previous: Stats) => {
    if (current.mtimeMs === previous.mtimeMs && current.size === previous.size && current.ino === previous.ino) return;
    // Serialized: two quick writes are read in order, the last one wins.
    running = running.then(async () => {
      let sdl: string;
      try {
        sdl = await readFile(path, 'utf8');
      } catch (error) {
        unreadable(error as Error);
        return;
      }
      await changed(sdl);
    });
  };
  watchFile(path, { interval: intervalMs, persistent: false }, listener);
  return () => unwatchFile(path, listener);
}
