import type { Nodeset, PipelineStanza, SecretStanza, SourceContext } from './types';
import { parseInlineNodeset } from './parse-nodeset';
import { Path, bool, checkKeys, dict, fail, str } from './validate';

export function parseSecret(
  conf: Record<string, unknown>,
  source: SourceContext,
  path: Path,
): SecretStanza {
  checkKeys(conf, new Set(['name', 'data', 'oidc']), path);
  const name = str(conf.name, [...path, 'name']);
  if (conf.data === undefined && conf.oidc === undefined)
    fail(path, `secret ${name} needs data or oidc`);
  if (conf.data !== undefined && conf.oidc !== undefined)
    fail(path, `secret ${name} may not have both data and oidc`);
  const out: SecretStanza = { name, source };
  if (conf.data !== undefined) out.data = dict(conf.data, [...path, 'data']);
  if (conf.oidc !== undefined) out.oidc = dict(conf.oidc, [...path, 'oidc']);
  return out;
}

export function parseNodeset(
  conf: Record<string, unknown>,
  path: Path,
): Nodeset & { name: string } {
  const ns = parseInlineNodeset(conf, path);
  return { ...ns, name: str(conf.name, [...path, 'name']) };
}

export function parsePipeline(
  conf: Record<string, unknown>,
  source: SourceContext,
  path: Path,
): PipelineStanza {
  const name = str(conf.name, [...path, 'name']);
  const other: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(conf))
    if (k !== 'name' && k !== 'manager' && k !== 'post-review') other[k] = v;
  return {
    name,
    source,
    manager: conf.manager === undefined ? undefined : str(conf.manager, [...path, 'manager']),
    // zuul/configloader.py PipelineParser: post-review defaults to False.
    postReview:
      conf['post-review'] === undefined
        ? false
        : bool(conf['post-review'], [...path, 'post-review']),
    other,
  };
}
