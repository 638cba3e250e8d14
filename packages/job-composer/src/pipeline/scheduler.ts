/**
 * Runs a job graph the way Zuul's pipeline manager does for one item (zuul/model.py
 * QueueItem.findJobsToRun and setResult): a job starts when every ancestor is complete
 * (finished, skipped or paused). It is SKIPPED when an ancestor failed (through any
 * dependency), when an ancestor reached through hard dependencies only was skipped, when a
 * direct dependency returned a non-empty `zuul.child_jobs` without it, or when an ancestor
 * reached through hard dependencies returned an empty `zuul.child_jobs`. A soft dependent of a
 * skipped job still runs. A paused job resumes (post-run) when all of its descendants finished.
 */

export interface GraphNode {
  name: string;
  /** Direct dependencies (names of other nodes). */
  dependencies: string[];
  /** The dependencies that are soft (`{name, soft: true}`). */
  softDependencies?: string[];
}

/** What a dependency hands its dependents when it completes (or pauses). */
export interface ReadyState<D> {
  ok: boolean;
  data: D;
  /** `zuul.child_jobs` the build returned, if any. */
  childJobs?: string[];
}

export interface SchedulerHooks<D, R> {
  /**
   * Runs one job. `pause(data)` marks it complete enough for its dependents and resolves when
   * they all finished. The returned state is what the dependents see (if it did not pause).
   */
  run(
    name: string,
    ancestors: string[],
    pause: (ready: ReadyState<D>) => Promise<void>,
  ): Promise<{ ready: ReadyState<D>; outcome: R }>;
  /** The outcome of a job that does not run, with why. */
  skipped(name: string, reason: string): R;
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A FIFO slot pool; a paused job gives its slot back. */
function slots(n: number) {
  let free = n;
  const waiting: (() => void)[] = [];
  return {
    acquire: () =>
      new Promise<void>((resolve) => {
        if (free > 0) {
          free--;
          resolve();
        } else waiting.push(resolve);
      }),
    release: () => {
      const next = waiting.shift();
      if (next) next();
      else free++;
    },
  };
}

/** Every node reachable through dependents, in graph order. */
export function descendants(graph: GraphNode[], name: string): string[] {
  const found = new Set<string>();
  let frontier = [name];
  while (frontier.length) {
    const next: string[] = [];
    for (const n of graph) {
      if (found.has(n.name)) continue;
      if (n.dependencies.some((d) => frontier.includes(d))) {
        found.add(n.name);
        next.push(n.name);
      }
    }
    frontier = next;
  }
  return graph.filter((n) => found.has(n.name)).map((n) => n.name);
}

/** Every ancestor (transitive dependencies; with `hardOnly`, through hard ones), in graph order. */
export function ancestors(graph: GraphNode[], name: string, hardOnly = false): string[] {
  const byName = new Map(graph.map((n) => [n.name, n]));
  const found = new Set<string>();
  const walk = (n: string) => {
    const node = byName.get(n);
    for (const d of node?.dependencies ?? []) {
      if (found.has(d) || (hardOnly && node?.softDependencies?.includes(d))) continue;
      found.add(d);
      walk(d);
    }
  };
  walk(name);
  return graph.filter((n) => found.has(n.name)).map((n) => n.name);
}

/**
 * Runs the graph (given dependencies first). `concurrency` 1 runs one job at a time in graph
 * order (a paused job waits without holding the slot). Returns outcomes in graph order.
 */
export async function runGraph<D, R>(
  graph: GraphNode[],
  hooks: SchedulerHooks<D, R>,
  concurrency = Infinity,
): Promise<R[]> {
  const ready = new Map(graph.map((n) => [n.name, deferred<ReadyState<D> | undefined>()]));
  const done = new Map(graph.map((n) => [n.name, deferred<void>()]));
  const pool = slots(concurrency);
  const outcomes = new Map<string, R>();

  const runNode = async (node: GraphNode): Promise<void> => {
    const all = ancestors(graph, node.name);
    const states = new Map(
      await Promise.all(all.map(async (a) => [a, await ready.get(a)!.promise] as const)),
    );
    const hard = ancestors(graph, node.name, true);
    const failed = all.find((a) => states.get(a)?.ok === false);
    const skippedHard = hard.find((a) => states.get(a) === undefined);
    const emptyChildren = hard.find((a) => states.get(a)?.childJobs?.length === 0);
    const notChosen = node.dependencies.find((d) => {
      const c = states.get(d)?.childJobs;
      return c !== undefined && c.length > 0 && !c.includes(node.name);
    });
    const reason = failed
      ? `dependency ${failed} did not succeed`
      : skippedHard
        ? `dependency ${skippedHard} was skipped`
        : (emptyChildren ?? notChosen)
          ? `not in zuul.child_jobs of ${emptyChildren ?? notChosen}`
          : undefined;
    if (reason) {
      outcomes.set(node.name, hooks.skipped(node.name, reason));
      ready.get(node.name)!.resolve(undefined);
      done.get(node.name)!.resolve();
      return;
    }
    await pool.acquire();
    let holding = true;
    let paused = false;
    try {
      const pause = async (state: ReadyState<D>) => {
        paused = true;
        ready.get(node.name)!.resolve(state);
        if (holding) {
          holding = false;
          pool.release();
        }
        await Promise.all(descendants(graph, node.name).map((d) => done.get(d)!.promise));
      };
      const { ready: state, outcome } = await hooks.run(
        node.name,
        ancestors(graph, node.name),
        pause,
      );
      outcomes.set(node.name, outcome);
      if (!paused) ready.get(node.name)!.resolve(state);
    } finally {
      if (holding) pool.release();
      // A build that threw counts as failed for its dependents.
      ready.get(node.name)!.resolve({ ok: false, data: undefined as D });
      done.get(node.name)!.resolve();
    }
  };

  await Promise.all(graph.map(runNode));
  return graph.map((n) => outcomes.get(n.name)!);
}
