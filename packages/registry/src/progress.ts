import { Transform, type Readable } from 'node:stream';

/** Bytes moved so far by one copy or push, as `docker push` and `skopeo copy` show them. */
export interface TransferProgress {
  /** Bytes that have gone through so far. */
  bytesDone: number;
  /** Bytes of every blob that is being or has been transferred (grows as blobs start). */
  bytesTotal: number;
  /** Average rate since the first byte, bytes per second. */
  bytesPerSecond: number;
}

/** How often a long transfer reports (and once more at its end). */
export const PROGRESS_INTERVAL_MS = 3000;

/**
 * Counts the bytes of one operation's blob streams (`track`) or takes the figures another
 * party reports per layer (`update`, an engine's push progress), and calls `report` every
 * `intervalMs` while bytes flow, plus once from `finish()` when anything was transferred.
 */
export class TransferMeter {
  private done = 0;
  private total = 0;
  private started = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly parts = new Map<string, { done: number; total: number }>();

  constructor(
    private readonly report: (p: TransferProgress) => void,
    private readonly intervalMs = PROGRESS_INTERVAL_MS,
  ) {}

  private start(): void {
    if (this.timer) return;
    this.started ||= Date.now();
    this.timer = setInterval(() => this.report(this.snapshot()), this.intervalMs);
    this.timer.unref();
  }

  /** The latest figures of one part (a layer) that someone else transfers. */
  update(key: string, done: number, total: number): void {
    this.start();
    this.parts.set(key, { done: Math.min(done, total), total });
  }

  /** A part reported finished: all of its bytes are done. */
  complete(key: string): void {
    const p = this.parts.get(key);
    if (p) p.done = p.total;
  }

  /** Adds a blob of `size` bytes to the total and returns `source` counted as it flows. */
  track(source: Readable, size: number): Readable {
    this.total += size;
    this.start();
    const counter = new Transform({
      // Same buffering as the source: no extra in-flight copies of the data.
      highWaterMark: source.readableHighWaterMark,
      transform: (chunk: Buffer, _enc, cb) => {
        this.done += chunk.length;
        cb(null, chunk);
      },
    });
    source.on('error', (e) => counter.destroy(e));
    counter.once('close', () => source.destroy());
    return source.pipe(counter);
  }

  snapshot(): TransferProgress {
    const seconds = Math.max((Date.now() - this.started) / 1000, 0.001);
    let done = this.done;
    let total = this.total;
    for (const p of this.parts.values()) {
      done += p.done;
      total += p.total;
    }
    return { bytesDone: done, bytesTotal: total, bytesPerSecond: Math.round(done / seconds) };
  }

  /** Stops the periodic reports; reports the final figures when anything moved. */
  finish(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.total > 0 || this.parts.size > 0) this.report(this.snapshot());
  }
}

/** `12.3/512.0 MB (45.6 MB/s)`: the human form of a progress report. */
export function formatProgress(p: TransferProgress): string {
  const mb = (n: number) => (n / 1e6).toFixed(1);
  return `${mb(p.bytesDone)}/${mb(p.bytesTotal)} MB (${mb(p.bytesPerSecond)} MB/s)`;
}

/**
 * One progress report as a log line and its structured form (the JSON event's detail):
 * `copy 127.0.0.1:5000/org/app:v1: 12.3/512.0 MB (45.6 MB/s)`.
 */
export function describeProgress(
  operation: string,
  target: string,
  p: TransferProgress,
): { message: string; detail: Record<string, unknown> } {
  return {
    message: `${operation} ${target}: ${formatProgress(p)}`,
    detail: { progress: { operation, target, ...p } },
  };
}
