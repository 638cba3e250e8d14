export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json';
export const OCI_LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
export const DOCKER_LAYER_GZIP = 'application/vnd.docker.image.rootfs.diff.tar.gzip';

/**
 * Full Accept list: distribution answers MANIFEST_UNKNOWN for an OCI manifest/index not in
 * Accept, and silently swaps a Docker list for its amd64 child — either would break a retag.
 */
export const MANIFEST_ACCEPT = [OCI_INDEX, DOCKER_LIST, OCI_MANIFEST, DOCKER_MANIFEST].join(', ');

export function isIndex(mediaType: string): boolean {
  return mediaType === OCI_INDEX || mediaType === DOCKER_LIST;
}

export function isManifestType(mediaType: string): boolean {
  return [OCI_INDEX, DOCKER_LIST, OCI_MANIFEST, DOCKER_MANIFEST].includes(mediaType);
}

/** Content-Type without parameters. */
export function baseMediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim();
}
