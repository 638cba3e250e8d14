'use strict';
// Issue 2's first benchmark: 15 new tags for one image in one repository.
// zuul-ts: RegistryClient.retag (HEAD both, GET + PUT the exact bytes, no blob traffic).
// skopeo: one `skopeo copy --all` process per tag (what zuul-jobs runs).
// floor: one keep-alive connection doing exactly a manifest GET + PUT per tag.
const { client, expectTags, skopeoCopy, startRegistry, testingPkg } = require('../lib/registry');
const { floorClient } = require('../lib/floor');

const REPO = 'bench/retag';
const tagsFor = (state, who, it) =>
  Array.from({ length: state.sizes.tags }, (_, i) => `${who}-${it}-${i}`);

module.exports = {
  name: 'retag-15',
  summary: '15 retags of one image in one repository: client vs 15 skopeo copy vs GET+PUT floor',
  requires: {
    packages: { registry: ['RegistryClient'], testing: ['startRegistry', 'pushTestImage'] },
    tools: ['skopeo'],
  },
  async setup(ctx) {
    const registry = await startRegistry();
    const c = client();
    const image = await testingPkg().pushTestImage(c, `${registry.host}/${REPO}:source`, {
      layers: 2,
      layerSize: ctx.smoke ? 1024 : 1024 * 1024,
      docker: true,
    });
    return { registry, c, digest: image.digest, sizes: { tags: 15, layers: 2 } };
  },
  async teardown(state) {
    state.c.close();
    await state.registry.stop();
  },
  contenders: [
    {
      name: 'zuul-ts',
      role: 'self',
      async run(state, it) {
        const c = client(); // a fresh client per run: includes the /v2/ ping, as a role would
        const repo = `${state.registry.host}/${REPO}`;
        await Promise.all(tagsFor(state, 'zuul', it).map((t) => c.retag(repo, 'source', t)));
        c.close();
      },
      check: (s, it) => expectTags(s.c, s.registry.host, REPO, tagsFor(s, 'zuul', it), s.digest),
    },
    {
      name: 'skopeo',
      role: 'alt',
      tool: 'skopeo',
      async run(state, it) {
        for (const t of tagsFor(state, 'skopeo', it))
          await skopeoCopy(
            `${state.registry.host}/${REPO}:source`,
            `${state.registry.host}/${REPO}:${t}`,
          );
      },
      check: (s, it) => expectTags(s.c, s.registry.host, REPO, tagsFor(s, 'skopeo', it), s.digest),
    },
    {
      name: 'floor',
      role: 'floor',
      async run(state, it) {
        const f = floorClient(state.registry.url);
        for (const t of tagsFor(state, 'floor', it)) await f.retag(REPO, 'source', t);
        f.close();
      },
      check: (s, it) => expectTags(s.c, s.registry.host, REPO, tagsFor(s, 'floor', it), s.digest),
    },
  ],
};
