import type { BuildDeps, ImageResult } from './build-one';
import { buildSingle } from './build-one';
import { buildMultiArch } from './multiarch';
import type { ImagePlan } from './plan';
import { siblingOverlays } from './siblings';

/**
 * One image, as zuul-jobs' per-image task list: the siblings step (the `.zuul-siblings`
 * must-not-exist check, siblings placed in the build context), then the build (single platform
 * or multi-arch).
 */
export async function runImage(
  deps: BuildDeps,
  plan: ImagePlan,
  sourceRoot: string,
): Promise<ImageResult> {
  const { ctx } = deps;
  const platforms = plan.platforms ? ` for ${plan.platforms.join(', ')}` : '';
  ctx.log.info(`[${plan.repository}] building ${plan.varPath}${platforms}`);
  const overlays = siblingOverlays(plan, sourceRoot, deps.paths);
  return plan.platforms ? buildMultiArch(deps, plan, overlays) : buildSingle(deps, plan, overlays);
}
