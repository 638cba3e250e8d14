import type { ImageReference } from './types';

/** Canonical Docker Hub name (moby `daemon/pkg/registry/config.go`). */
export const DOCKER_HUB = 'docker.io';
/** The host that actually serves Docker Hub's registry API. */
export const DOCKER_HUB_API = 'registry-1.docker.io';
const HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** Is `host` one of the names of Docker Hub (`docker.io`, `index.docker.io`, `registry-1.docker.io`)? */
export function isDockerHubAlias(host: string): boolean {
  return HUB_ALIASES.has(host);
}

/**
 * The registry host of an image name (`quay.io/org/app` → `quay.io`), or undefined for a Docker
 * Hub short name (`org/app`, `app`). Docker's rule: the first component is a host when it
 * contains `.` or `:`, is `localhost`, or is a bracketed IPv6 literal
 * (https://github.com/distribution/reference/blob/main/normalize.go).
 */
export function repositoryHost(name: string): string | undefined {
  const slash = name.indexOf('/');
  if (slash < 0) return undefined;
  const first = name.slice(0, slash);
  const isHost =
    first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('[');
  return isHost ? first : undefined;
}

const COMPONENT = '[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*';
const NAME_RE = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
const TAG_RE = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
const DIGEST_RE = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const SHA256_RE = /^sha256:[a-f0-9]{64}$/;
const DOMAIN_RE =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]{1,5})?$/;
const IPV6_RE = /^\[[0-9a-fA-F:.]+(?:%[a-zA-Z0-9]+)?\](?::[0-9]{1,5})?$/;

/** A reference that cannot be parsed; the message says which part is wrong and why. */
export class InvalidReferenceError extends Error {
  constructor(
    readonly input: string,
    reason: string,
  ) {
    super(`invalid image reference "${input}": ${reason}`);
    this.name = 'InvalidReferenceError';
  }
}

export function isValidTag(tag: string): boolean {
  return TAG_RE.test(tag);
}

export function isValidDigest(digest: string): boolean {
  if (digest.startsWith('sha256:')) return SHA256_RE.test(digest);
  return DIGEST_RE.test(digest);
}

export function isValidRepository(name: string): boolean {
  return NAME_RE.test(name);
}

/** `index.docker.io` / `registry-1.docker.io` / URL forms -> `docker.io`; strips scheme and path. */
export function normaliseRegistry(host: string): string {
  let h = host.trim();
  h = h.replace(/^[a-z]+:\/\//i, '');
  h = h.split('/')[0];
  const lower = h.toLowerCase();
  return HUB_ALIASES.has(lower) ? DOCKER_HUB : lower;
}

function validateRegistry(input: string, host: string): void {
  if (!DOMAIN_RE.test(host) && !IPV6_RE.test(host))
    throw new InvalidReferenceError(input, `registry host "${host}" is not a valid host[:port]`);
  const port = /:(\d+)$/.exec(host.startsWith('[') ? host.slice(host.indexOf(']')) : host);
  if (port && (Number(port[1]) < 1 || Number(port[1]) > 65535))
    throw new InvalidReferenceError(input, `port ${port[1]} is out of range`);
}

/**
 * Parses `[registry[:port]/]name[:tag][@digest]`. The first component is a registry only if
 * it contains `.` or `:`, is `localhost`, or is a bracketed IPv6 literal; otherwise the image
 * is on Docker Hub (`docker.io`, single names get `library/`).
 */
export function parseReference(s: string): ImageReference {
  const input = s;
  if (typeof s !== 'string' || s.trim() === '') throw new InvalidReferenceError(String(s), 'empty');
  if (s !== s.trim() || /\s/.test(s)) throw new InvalidReferenceError(input, 'contains whitespace');
  let rest = s;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!isValidDigest(digest))
      throw new InvalidReferenceError(
        input,
        `digest "${digest}" is not algorithm:hex (sha256 needs 64 lowercase hex)`,
      );
  }
  let registry = DOCKER_HUB;
  const first = repositoryHost(rest);
  if (first !== undefined) {
    validateRegistry(input, first);
    registry = normaliseRegistry(first) === DOCKER_HUB ? DOCKER_HUB : first.toLowerCase();
    rest = rest.slice(first.length + 1);
  } else if (!rest.includes('/') && rest.startsWith('[')) {
    throw new InvalidReferenceError(input, 'a registry needs a repository path after it');
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!isValidTag(tag))
      throw new InvalidReferenceError(
        input,
        `tag "${tag}" must match [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}`,
      );
  }
  if (rest === '') throw new InvalidReferenceError(input, 'repository name is empty');
  if (!isValidRepository(rest))
    throw new InvalidReferenceError(
      input,
      `repository "${rest}" must be lowercase components of [a-z0-9] separated by . _ __ - and /`,
    );
  if (registry === DOCKER_HUB && !rest.includes('/')) rest = `library/${rest}`;
  if (`${registry}/${rest}`.length > 255)
    throw new InvalidReferenceError(input, 'registry/repository is longer than 255 characters');
  const ref: ImageReference = { registry, repository: rest };
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  return ref;
}

/** `registry/repository[:tag][@digest]` (Docker Hub keeps the explicit `docker.io/library/`). */
export function formatReference(ref: ImageReference): string {
  let s = `${ref.registry}/${ref.repository}`;
  if (ref.tag) s += `:${ref.tag}`;
  if (ref.digest) s += `@${ref.digest}`;
  return s;
}

/** Accepts a string or a parsed reference. */
export type RefLike = string | ImageReference;

export function toReference(ref: RefLike): ImageReference {
  if (typeof ref === 'string') return parseReference(ref);
  if (!ref || !ref.registry || !ref.repository)
    throw new InvalidReferenceError(JSON.stringify(ref), 'registry and repository are required');
  if (!isValidRepository(ref.repository))
    throw new InvalidReferenceError(
      formatReference(ref),
      `repository "${ref.repository}" is invalid`,
    );
  if (ref.tag !== undefined && !isValidTag(ref.tag))
    throw new InvalidReferenceError(formatReference(ref), `tag "${ref.tag}" is invalid`);
  if (ref.digest !== undefined && !isValidDigest(ref.digest))
    throw new InvalidReferenceError(formatReference(ref), `digest "${ref.digest}" is invalid`);
  return {
    ...ref,
    registry: normaliseRegistry(ref.registry) === DOCKER_HUB ? DOCKER_HUB : ref.registry,
  };
}

/** The tag-or-digest to address a manifest by: digest wins, then tag, then `latest`. */
export function manifestReference(ref: ImageReference): string {
  return ref.digest ?? ref.tag ?? 'latest';
}

/** The host that serves the registry API for a reference's registry. */
export function apiHost(registry: string): string {
  return registry === DOCKER_HUB ? DOCKER_HUB_API : registry;
}
