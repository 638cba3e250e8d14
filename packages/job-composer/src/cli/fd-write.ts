import { writeSync } from 'node:fs';

const closed = new Set<number>();
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes `text` to a file descriptor, synchronously and whole. The CLI's stdout and stderr go
 * through this rather than process.stdout/stderr: creating those streams loads node:stream
 * and node:net, 8 ms of a short run under the CLI's node flags, and their writes to pipes and
 * files are synchronous on Linux anyway, so nothing changes in order or completeness. A
 * descriptor another process left non-blocking answers EAGAIN while its pipe is full: wait a
 * millisecond and go on. A reader that went away (EPIPE, `zuul-ts ... | head`) ends that
 * output quietly, as it does for other command-line tools.
 */
export function writeFd(fd: number, text: string): void {
  if (closed.has(fd)) return;
  const data = Buffer.from(text, 'utf8');
  for (let done = 0; done < data.length;) {
    try {
      done += writeSync(fd, data, done, data.length - done);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') Atomics.wait(pause, 0, 0, 1);
      else if (code === 'EPIPE') {
        closed.add(fd);
        return;
      } else throw err;
    }
  }
}
