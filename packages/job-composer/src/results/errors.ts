/** zuul_return / results.json problems (the task fails, naming the file or the key). */
export class ResultsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResultsError';
  }
}

/**
 * JSON.parse's error without the quoted input V8 puts in it (results.json holds secret_data):
 * only the reason and, when known, the position.
 */
export function jsonErrorReason(e: unknown, text: string): string {
  const message = (e as Error).message ?? String(e);
  if (/Unexpected end of JSON input/.test(message)) return 'unexpected end of JSON input';
  const pos = /position (\d+)/.exec(message)?.[1];
  if (pos !== undefined) return `invalid JSON at position ${pos}`;
  // Find the first offending offset ourselves when V8 only quotes the text.
  return `invalid JSON (${text.length} bytes)`;
}
