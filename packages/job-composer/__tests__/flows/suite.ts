import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContainerEngine } from '@zuul-ts/engine';
import {
  EXAMPLES,
  prepareSampleProject,
  removeDir,
  startFinalRegistry,
  writeSiteFiles,
  type FinalRegistry,
} from './helpers';
import { localPlatformRefs } from './multiarch';

export interface SampleFlow {
  final: FinalRegistry;
  engine: ContainerEngine;
  project: string;
  work: string;
  /** The run-pipeline arguments every step of the flow shares. */
  common: string[];
  app: string;
  base: string;
  /** The final registry's tags of `repo`, sorted. */
  tags(repo: string): Promise<string[]>;
}

export interface SampleFlowOptions {
  /** Short name for temp dirs and the repository namespace, e.g. `flow1`. */
  name: string;
  /** The sample project's Zuul project name, e.g. `sample/tags`. */
  project: string;
  /** Local engine tags the flow creates (removed afterwards from every repository). */
  localTags: string[];
  /** More repositories (beside app and base) whose local images the flow may create. */
  extraRepositories?: (finalHost: string) => string[];
}

/**
 * One flow suite on examples/sample-project: a final registry, the docker engine, a copy of
 * the sample project, the site's secrets/vars files and the shared run-pipeline arguments;
 * afterwards every local image the flow may have built is removed and everything stopped.
 */
export function useSampleFlow(options: SampleFlowOptions): SampleFlow {
  const flow = {} as SampleFlow;
  beforeAll(async () => {
    flow.final = await startFinalRegistry();
    flow.engine = await ContainerEngine.connect({ kind: 'docker' });
    flow.project = prepareSampleProject();
    flow.work = mkdtempSync(join(tmpdir(), `zts-${options.name}-`));
    const ns = `${options.name}-${randomBytes(4).toString('hex')}`;
    flow.app = `${flow.final.host}/${ns}/app`;
    flow.base = `${flow.final.host}/${ns}/base`;
    const { secrets, vars } = writeSiteFiles(flow.work, flow.final, ns);
    flow.common = [
      '--project-dir',
      flow.project,
      '--project',
      options.project,
      '--site-config',
      join(EXAMPLES, 'site-config', 'zuul.d'),
      '--state-dir',
      join(flow.work, 'state'),
      '--secrets',
      secrets,
      '-e',
      `@${vars}`,
    ];
    flow.tags = async (repo) => ((await flow.final.client.listTags(repo)) ?? []).sort();
  });

  afterAll(async () => {
    const repos = [flow.app, flow.base, ...(options.extraRepositories?.(flow.final.host) ?? [])];
    for (const repo of repos) {
      for (const tag of options.localTags)
        await flow.engine.remove(`${repo}:${tag}`, { force: true }).catch(() => undefined);
      // The two-platform sample image keeps its per-platform builds locally too.
      if (repo.endsWith('/base'))
        for (const ref of localPlatformRefs(repo, ['latest']))
          await flow.engine.remove(ref, { force: true }).catch(() => undefined);
    }
    await flow.final.stop();
    removeDir(flow.project);
    removeDir(flow.work);
  });
  return flow;
}
