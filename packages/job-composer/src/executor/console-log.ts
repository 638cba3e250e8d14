import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { pythonNow } from './job-log';

/**
 * job-output.txt as zuul_stream writes it: `<python datetime> | <message>` per line, appended.
 * At most `maxBytes` (ZUUL_OUTPUT_MAX_BYTES) are written by one run; then one notice line.
 */
export class ConsoleLog {
  private written = 0;
  private capped = false;

  constructor(
    private readonly file: string | undefined,
    private readonly maxBytes = Number.POSITIVE_INFINITY,
  ) {
    if (file) mkdirSync(dirname(file), { recursive: true });
  }

  line(message: string): void {
    this.write(`${pythonNow()} | ${message.replace(/\s+$/, '')}\n`);
  }

  /** A line without the timestamp prefix. */
  raw(message: string): void {
    this.write(`${message}\n`);
  }

  private write(text: string): void {
    if (!this.file || this.capped) return;
    if (this.written + Buffer.byteLength(text) > this.maxBytes) {
      this.capped = true;
      appendFileSync(
        this.file,
        `${pythonNow()} | [Zuul] Log output exceeded max of ${this.maxBytes}, terminating\n`,
      );
      return;
    }
    this.written += Buffer.byteLength(text);
    appendFileSync(this.file, text);
  }

  /** `host | line` for every line of a (multi-line) message. */
  hostLines(host: string, status: string, msg?: string): void {
    if (msg === undefined || msg === '') return this.line(`${host} | ${status}`);
    const lines = msg.replace(/\s+$/, '').split('\n');
    if (lines.length === 1) return this.line(`${host} | ${status}: ${lines[0]}`);
    this.line(`${host} | ${status}:`);
    for (const l of lines) this.line(`${host} | ${l}`);
  }
}
