/** One `container_images` item (container-roles.md §1.1), after schema validation. */
export interface ContainerImage {
  context?: string;
  path?: string;
  container_filename?: string;
  repository: string;
  registry?: string;
  tags?: string[];
  build_args?: string[];
  target?: string;
  siblings?: string[];
  labels?: string[];
  arch?: string[];
}

/** The image's final tags; zuul-jobs' default is `['latest']`. */
export function imageTags(image: ContainerImage): string[] {
  return image.tags && image.tags.length > 0 ? image.tags : ['latest'];
}

/**
 * The registry host part of a repository (`quay.io/org/app` → `quay.io`), or undefined for a
 * Docker-Hub short name (`org/app`, `app`). Docker's rule: the first component is a host when
 * it contains `.` or `:` or is `localhost`.
 */
export function repositoryHost(repository: string): string | undefined {
  const slash = repository.indexOf('/');
  if (slash < 0) return undefined;
  const first = repository.slice(0, slash);
  if (first.includes('.') || first.includes(':') || first === 'localhost') return first;
  return undefined;
}
