import { runGraph, type GraphNode, type ReadyState } from '../../src/pipeline';

type Outcome = { job: string; result: string };

/** Runs a graph whose jobs succeed, fail, pause or return child_jobs as scripted. */
async function run(
  graph: GraphNode[],
  script: Record<string, { ok?: boolean; pause?: boolean; childJobs?: string[] }>,
  concurrency?: number,
) {
  const log: string[] = [];
  const outcomes = await runGraph<string, Outcome>(
    graph,
    {
      skipped: (job) => ({ job, result: 'SKIPPED' }),
      run: async (job, ancestors, pause) => {
        log.push(`start ${job} after [${ancestors.join(',')}]`);
        const s = script[job] ?? {};
        const ready: ReadyState<string> = { ok: s.ok !== false, data: job, childJobs: s.childJobs };
        if (s.pause) {
          await pause(ready);
          log.push(`resume ${job}`);
        }
        log.push(`end ${job}`);
        return { ready, outcome: { job, result: s.ok === false ? 'FAILURE' : 'SUCCESS' } };
      },
    },
    concurrency,
  );
  return { outcomes, log };
}

const node = (name: string, ...dependencies: string[]): GraphNode => ({ name, dependencies });

describe('pipeline scheduler (Zuul job graph semantics)', () => {
  test('a failed job skips its dependents and theirs; independent jobs still run', async () => {
    const { outcomes } = await run([node('a'), node('b', 'a'), node('c', 'b'), node('d')], {
      a: { ok: false },
    });
    expect(outcomes).toEqual([
      { job: 'a', result: 'FAILURE' },
      { job: 'b', result: 'SKIPPED' },
      { job: 'c', result: 'SKIPPED' },
      { job: 'd', result: 'SUCCESS' },
    ]);
  });

  test('a paused job lets its dependents run and resumes after all descendants, also serially', async () => {
    for (const concurrency of [1, Infinity]) {
      const { log } = await run(
        [node('registry'), node('build', 'registry'), node('test', 'build')],
        { registry: { pause: true } },
        concurrency,
      );
      expect(log).toEqual([
        'start registry after []',
        'start build after [registry]',
        'end build',
        'start test after [registry,build]',
        'end test',
        'resume registry',
        'end registry',
      ]);
    }
  });

  test('zuul.child_jobs skips the direct dependents it does not name', async () => {
    const { outcomes } = await run([node('a'), node('b', 'a'), node('c', 'a'), node('d', 'c')], {
      a: { childJobs: ['b'] },
    });
    expect(outcomes.map((o) => o.result)).toEqual(['SUCCESS', 'SUCCESS', 'SKIPPED', 'SKIPPED']);
  });
});
