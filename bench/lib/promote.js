'use strict';
// The promote scenarios: N images x T tags, zuul-jobs' `tag` method.
// Every run gets fresh repositories holding `change_<N>_<T>` tags; every contender talks to
// the registry through the fault proxy in pass-through mode, which counts its requests.
// - zuul-ts: `zuul-ts run-job` of a job whose parent is promote-container-image (whole
//   process: config, freeze, playbook, role): retag, verify, remove the change tags by name,
//   clean leaked tags.
// - zuul-ts in-process: the same role through runRole (no process start-up).
// - skopeo: one `skopeo copy --all` process per tag, what zuul-jobs runs (zuul-jobs cannot
//   delete tags on a plain registry, so skopeo does less work than zuul-ts here).
// - zuul-jobs: the promote-container-image role itself (ansible-playbook, skopeo login, one
//   `skopeo copy --all` per tag, skopeo logout; no tag removal on a plain registry).
// - floor: one keep-alive connection, exactly a manifest GET + PUT per tag.
const { randomBytes } = require('node:crypto');
const { client, expectTags, skopeoCopy, startRegistry, testingPkg } = require('./registry');
const { floorClient } = require('./floor');
const { roleInProcess, roleMissing, runJobProcess } = require('./zuul');
const { mapLimit } = require('./pool');
const { runZuulJobsRole, withSkopeoEnv, zuulJobsMissing } = require('./zuul-jobs');

const CHANGE = '4242';
const TAGS = ['latest', 'v1', 'v1.2'];
const changeTag = (t) => `change_${CHANGE}_${t}`;

function repos(state, who, it) {
  return Array.from({ length: state.sizes.images }, (_, i) => `bench/${who}-${it}-${i}`);
}

function promoteVars(state, host, names) {
  return {
    zuul: {
      change: CHANGE,
      patchset: '1',
      pipeline: 'promote',
      project: { name: 'bench/project', src_dir: 'src/bench' },
    },
    container_images: names.map((n) => ({
      registry: host,
      repository: `${host}/${n}`,
      tags: state.tags,
    })),
    container_registry_credentials: { [host]: { username: 'bench', password: state.password } },
  };
}

/** Untimed: fresh repositories with the change tags (mounted from one seed image). */
async function prepareRepos(state, who, it) {
  const host = state.registry.host;
  await mapLimit(repos(state, who, it), 8, async (name) => {
    const [first, ...rest] = state.tags.map(changeTag);
    await state.c.copy(`${host}/bench/seed:v1`, `${host}/${name}:${first}`);
    for (const t of rest) await state.c.retag(`${host}/${name}`, first, t);
  });
  state.proxy.reset();
}

async function checkPromoted(state, who, it, { changeTagsRemoved }) {
  const host = state.registry.host;
  await mapLimit(repos(state, who, it), 8, async (name) => {
    await expectTags(state.c, host, name, state.tags, state.digest);
    if (changeTagsRemoved) {
      const left = (await state.c.listTags(`${host}/${name}`)).filter((t) =>
        t.startsWith('change_'),
      );
      if (left.length)
        throw new Error(`${name}: change tags left after promote: ${left.join(', ')}`);
    }
  });
}

function requestsPerTag(state) {
  return { requestsPerTag: state.proxy.stats().total / (state.sizes.images * state.tags.length) };
}

function promoteScenario({ name, images, smokeImages, summary, maxRepeat, zuulJobs = false }) {
  const contender = (who, role, tool, run, checkOpts, missing) => ({
    name: who,
    role,
    tool,
    missing,
    prepare: (s, it) => prepareRepos(s, slug(who), it),
    async run(s, it) {
      const m = (await run(s, repos(s, slug(who), it))) || {};
      return { ...m, ...requestsPerTag(s) };
    },
    check: (s, it) => checkPromoted(s, slug(who), it, checkOpts),
  });
  // ansible-playbook runs one task per tag: measured at 5 images only.
  const zuulJobsContender = contender(
    'zuul-jobs',
    'alt',
    'ansible-playbook',
    async (s, names) => {
      const p = await withSkopeoEnv((env) =>
        runZuulJobsRole('promote-container-image', promoteVars(s, s.proxy.host, names), {
          env,
        }),
      );
      return { seconds: p.seconds, peakRssMB: p.peakRssMB };
    },
    { changeTagsRemoved: false },
    () => zuulJobsMissing('promote-container-image'),
  );
  return {
    name,
    summary,
    maxRepeat,
    requires: {
      packages: { registry: ['RegistryClient'], testing: ['startRegistry', 'startFaultProxy'] },
      tools: ['skopeo'],
      ready: () => roleMissing('promote-container-image'),
    },
    async setup(ctx) {
      const registry = await startRegistry();
      const proxy = await testingPkg().startFaultProxy({ target: registry.url });
      const c = client();
      const image = await testingPkg().pushTestImage(c, `${registry.host}/bench/seed:v1`, {
        layers: 2,
        docker: true,
      });
      const n = ctx.smoke ? smokeImages : images;
      return {
        registry,
        proxy,
        c,
        digest: image.digest,
        tags: TAGS,
        password: randomBytes(12).toString('hex'),
        sizes: { images: n, tags: TAGS.length },
      };
    },
    async teardown(s) {
      s.c.close();
      await s.proxy.stop();
      await s.registry.stop();
    },
    contenders: [
      contender(
        'zuul-ts',
        'self',
        undefined,
        async (s, names) => {
          const vars = promoteVars(s, s.proxy.host, names);
          delete vars.zuul; // run-job derives zuul.* from the job, pipeline and change
          const p = await runJobProcess({
            job: 'bench-promote',
            parent: 'promote-container-image',
            pipeline: 'promote',
            change: CHANGE,
            vars,
          });
          return { seconds: p.seconds, peakRssMB: p.peakRssMB };
        },
        { changeTagsRemoved: true },
      ),
      contender(
        'zuul-ts in-process',
        'self',
        undefined,
        async (s, names) => {
          await roleInProcess('promote-container-image', promoteVars(s, s.proxy.host, names));
        },
        { changeTagsRemoved: true },
      ),
      contender(
        'skopeo',
        'alt',
        'skopeo',
        async (s, names) => {
          for (const n of names)
            for (const t of s.tags)
              await skopeoCopy(`${s.proxy.host}/${n}:${changeTag(t)}`, `${s.proxy.host}/${n}:${t}`);
        },
        { changeTagsRemoved: false },
      ),
      ...(zuulJobs ? [zuulJobsContender] : []),
      contender(
        'floor',
        'floor',
        undefined,
        async (s, names) => {
          const f = floorClient(s.proxy.url);
          for (const n of names) for (const t of s.tags) await f.retag(n, changeTag(t), t);
          f.close();
        },
        { changeTagsRemoved: false },
      ),
    ],
  };
}

const slug = (who) => who.replace(/[^a-z0-9]+/g, '-');

module.exports = { promoteScenario };
