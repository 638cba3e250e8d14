import { backoffDelay, isTransientStatus, withRetry } from '../src';

test.each([
  [408, true],
  [429, true],
  [499, true],
  [500, true],
  [501, false],
  [502, true],
  [503, true],
  [504, true],
  [522, true],
  [404, false],
  [401, false],
])('status %d is transient: %s', (status, expected) => {
  expect(isTransientStatus(status)).toBe(expected);
});

test('backoff doubles up to the cap, with up to half of it random, and honours Retry-After', () => {
  const policy = { baseDelayMs: 100, maxDelayMs: 300 };
  for (const [attempt, full] of [
    [0, 100],
    [1, 200],
    [2, 300],
    [5, 300],
  ]) {
    const d = backoffDelay(attempt, policy);
    expect(d).toBeGreaterThanOrEqual(full / 2);
    expect(d).toBeLessThanOrEqual(full);
  }
  expect(backoffDelay(0, policy, 2)).toBe(2000);
});

describe('withRetry', () => {
  test('retries retryable errors up to the attempt count, not the others', async () => {
    let calls = 0;
    const retries: number[] = [];
    const value = await withRetry(
      async () => {
        if (++calls < 3) throw new Error('transient');
        return 'ok';
      },
      { attempts: 4, baseDelayMs: 1, onRetry: (_e, attempt) => retries.push(attempt) },
    );
    expect([value, calls, retries]).toEqual(['ok', 3, [1, 2]]);

    calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new Error('permanent');
        },
        { attempts: 4, baseDelayMs: 1, retryable: () => false },
      ),
    ).rejects.toThrow('permanent');
    expect(calls).toBe(1);

    calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new Error('always');
        },
        { attempts: 3, baseDelayMs: 1 },
      ),
    ).rejects.toThrow('always');
    expect(calls).toBe(3);
  });
});
