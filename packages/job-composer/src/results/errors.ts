/** zuul_return / results.json problems (the task fails, naming the file or the key). */
export class ResultsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResultsError';
  }
}
