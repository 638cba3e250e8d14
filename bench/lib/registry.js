'use strict';
// Registries, test images and result checks shared by the scenarios (built packages only).
const { loadPackage } = require('./env');
const { runProcess } = require('./measure');

const registryPkg = () => loadPackage('registry');
const testingPkg = () => loadPackage('testing');

/** A fresh real docker-registry (plain HTTP on loopback). */
const startRegistry = (opts) => testingPkg().startRegistry(opts);

/** A registry client for loopback registries (plain HTTP allowed for loopback hosts). */
function client(opts) {
  const { RegistryClient } = registryPkg();
  return new RegistryClient({ credentials: [], ...opts });
}

/** Throws unless every `repo:tag` resolves to `digest` (the correctness check after a run). */
async function expectTags(c, registry, repository, tags, digest) {
  const heads = await Promise.all(
    tags.map((tag) => c.headManifest({ registry, repository, tag }).then((h) => [tag, h])),
  );
  const wrong = heads.filter(([, h]) => !h || h.digest !== digest);
  if (wrong.length)
    throw new Error(
      `${registry}/${repository}: ${wrong.length} tag(s) wrong, e.g. ${wrong[0][0]} -> ${wrong[0][1] ? wrong[0][1].digest : 'missing'} (want ${digest})`,
    );
}

/** `skopeo copy [--all]` between loopback HTTP registries, one whole process. */
function skopeoCopy(src, dst, { all = true } = {}) {
  return runProcess('skopeo', [
    'copy',
    ...(all ? ['--all'] : []),
    '--src-tls-verify=false',
    '--dest-tls-verify=false',
    `docker://${src}`,
    `docker://${dst}`,
  ]);
}

module.exports = { registryPkg, testingPkg, startRegistry, client, expectTags, skopeoCopy };
