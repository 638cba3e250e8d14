/**
 * Remembers the build step being executed so a failure can quote it. Docker's classic builder
 * prints `Step 2/4 : RUN …`, Buildah (podman) `STEP 2/4: RUN …` (with a `[1/2] ` stage prefix
 * in multi-stage builds).
 */
export class StepTracker {
  private current?: string;

  observe(line: string): void {
    const text = line.trim();
    if (/^(\[\d+\/\d+\] )?(Step|STEP) \d+\/\d+ ?: /.test(text)) this.current = text;
  }

  describe(message: string): string {
    const cleaned = message.trim();
    return this.current
      ? `build failed at "${this.current}": ${cleaned}`
      : `build failed: ${cleaned}`;
  }
}
