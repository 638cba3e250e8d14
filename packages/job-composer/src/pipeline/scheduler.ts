/**
 * Runs a job graph the way Zuul's pipeline manager does for one item: a job starts when every dependency is complete (finished with SUCCESS, or paused); a
 * dependency that failed or was skipped makes it SKIPPED (and so its dependents); a
 * dependency returning `zuul.child_jobs` skips the direct dependents it does not name. A paused
 * job resumes (post-run) when all of its descendants finished.
 */

export interface GraphNode {
  name: string;
  /** Direct dependencies (names of other nodes). */
  dependencies: string[];
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

/** Every ancestor (transitive dependencies), in graph order. */
export function ancestors(graph: GraphNode[], name: string): string[] {
  const byName = new Map(graph.map((n) => [n.name, n]));
  const found = new Set<string>();
  const walk = (n: string) => {
    for (const d of byName.get(n)?.dependencies ?? []) {
      if (found.has(d)) continue;
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
    const deps = await Promise.all(
      node.dependencies.map(async (d) => [d, await ready.get(d)!.promise] as const),
    );
    const blocker = deps.find(([, s]) => !s || !s.ok);
    const notChosen = deps.find(([, s]) => s?.childJobs && !s.childJobs.includes(node.name));
    if (blocker || notChosen) {
      const reason = blocker
        ? `dependency ${blocker[0]} did not succeed`
        : `not in zuul.child_jobs of ${notChosen![0]}`;
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
      ready.get(node.name)!.resolve(undefined);
      done.get(node.name)!.resolve();
    }
  };

  await Promise.all(graph.map(runNode));
  return graph.map((n) => outcomes.get(n.name)!);
}
