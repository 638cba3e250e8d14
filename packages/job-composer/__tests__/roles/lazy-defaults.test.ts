import type { RoleDefinition } from '@zuul-ts/role-kit';
import { registerRole, runRole, unregisterRole } from '../../src';
import { tree } from '../runner/helpers';

/**
 * Role defaults are rendered lazily, as Ansible does: a default referencing a variable the job
 * does not set fails only when the role reads it (zuul-jobs' promote_container_image_query).
 */
function readerRole(name: string, read: string[], seen: Record<string, unknown>[]): RoleDefinition {
  return {
    name,
    // The variable is in the schema: validation must not read (and fail on) it either.
    schema: {
      type: 'object',
      properties: {
        lazy_query: { type: ['string', 'null'] },
        promote_container_image_query: { type: ['string', 'null'] },
      },
    },
    async run(ctx) {
      const got: Record<string, unknown> = {};
      for (const k of read) got[k] = ctx.vars[k];
      seen.push(got);
      return {};
    },
  };
}

const zuul = { change: '12', patchset: '3', project: { src_dir: '/src' } };

describe('lazy role defaults', () => {
  const rolesDir = tree({
    'lazy/defaults/main.yaml': [
      'lazy_query: "change={{ zuul.change }}&pipeline={{ lazy_pipeline }}"',
      'lazy_plain: fine',
    ].join('\n'),
  });
  afterEach(() => {
    unregisterRole('lazy');
    unregisterRole('promote-container-image');
  });

  test('an unrenderable default the role does not read does not fail it', async () => {
    const seen: Record<string, unknown>[] = [];
    registerRole(readerRole('lazy', ['lazy_plain'], seen));
    const res = await runRole({ role: 'lazy', rolesDir, extraVars: { zuul } });
    expect(res.error).toBeUndefined();
    expect(seen).toEqual([{ lazy_plain: 'fine' }]);
  });

  test('reading it fails the role naming the undefined variable', async () => {
    const seen: Record<string, unknown>[] = [];
    registerRole(readerRole('lazy', ['lazy_query'], seen));
    const res = await runRole({ role: 'lazy', rolesDir, extraVars: { zuul } });
    expect(res.ok).toBe(false);
    expect(res.error?.message).toContain('lazy_pipeline');
    expect(seen).toEqual([]);
  });

  test('once the variable is set, the default renders', async () => {
    const seen: Record<string, unknown>[] = [];
    registerRole(readerRole('lazy', ['lazy_query'], seen));
    const res = await runRole({
      role: 'lazy',
      rolesDir,
      extraVars: { zuul },
      vars: { lazy_pipeline: 'gate' },
    });
    expect(res.error).toBeUndefined();
    expect(seen).toEqual([{ lazy_query: 'change=12&pipeline=gate' }]);
  });

  test("promote-container-image's defaults carry zuul-jobs' query text, rendered only when read", async () => {
    const seen: Record<string, unknown>[] = [];
    // Shadows the built-in role; the real roles/promote-container-image/defaults apply.
    registerRole(readerRole('promote-container-image', ['zuul_work_dir'], seen));
    const tagMethod = await runRole({ role: 'promote-container-image', extraVars: { zuul } });
    expect(tagMethod.error).toBeUndefined();
    expect(seen).toEqual([{ zuul_work_dir: '/src' }]);

    registerRole(readerRole('promote-container-image', ['promote_container_image_query'], seen));
    const unset = await runRole({ role: 'promote-container-image', extraVars: { zuul } });
    expect(unset.error?.message).toContain('promote_container_image_pipeline');
    const set = await runRole({
      role: 'promote-container-image',
      extraVars: { zuul },
      vars: { promote_container_image_pipeline: 'gate', promote_container_image_job: 'build' },
    });
    expect(set.error).toBeUndefined();
    expect(seen[1]).toEqual({
      promote_container_image_query: 'change=12&patchset=3&pipeline=gate&job_name=build',
    });
  });
});
