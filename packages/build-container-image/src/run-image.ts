import type { BuildDeps, ImageResult } from './build-one';
import { buildSingle } from './build-one';
import { buildMultiArch } from './multiarch';
import type { ImagePlan } from './plan';
import { cleanSiblings, prepareSiblings } from './siblings';

/**
 * One image, as zuul-jobs' per-image task list: siblings setup (and the `.zuul-siblings`
 * must-not-exist check), the build (single platform or multi-arch), then clean-siblings — which
 * zuul-ts also runs when the build failed.
 */
export async function runImage(
  deps: BuildDeps,
  plan: ImagePlan,
  sourceRoot: string,
): Promise<ImageResult> {
  const { ctx } = deps;
  const platforms = plan.platforms ? ` for ${plan.platforms.join(', ')}` : '';
  ctx.log.info(`[${plan.repository}] building ${plan.varPath}${platforms}`);
  let siblingsDir: string | undefined;
  try {
    if (!ctx.dryRun)
      siblingsDir = await prepareSiblings(plan.contextDir, plan.siblings, sourceRoot, plan.varPath);
    return plan.platforms ? await buildMultiArch(deps, plan) : await buildSingle(deps, plan);
  } finally {
    await cleanSiblings(siblingsDir);
  }
}
