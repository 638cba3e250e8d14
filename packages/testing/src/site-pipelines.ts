import { resolve } from 'node:path';

/**
 * The example site config's pipeline stanzas (check and experimental pre-review; gate, promote,
 * post, tag, release and periodic post-review). Tests that run jobs with secrets of an untrusted project
 * load it (`--site-config`, a trusted config source) so those jobs may run in post-review
 * pipelines, as on a real site.
 */
export const SITE_PIPELINES = resolve(
  __dirname,
  '..',
  '..',
  '..',
  'examples',
  'site-config',
  'zuul.d',
  'pipelines.yaml',
);
