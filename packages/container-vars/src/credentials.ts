import type { Vars } from '@zuul-ts/role-kit';
import { InputError } from '@zuul-ts/role-kit';

/** One `container_registry_credentials` entry. */
export interface RegistryCredential {
  username?: string;
  password?: string;
  /** Regex applied with Python `re.search` semantics (unanchored) to the full repository. */
  repository?: string;
  api_token?: string;
  type?: 'quay' | 'docker';
  api_url?: string;
}

/**
 * The credentials for `registry` from `container_registry_credentials`, checked as zuul-jobs'
 * upload/promote do: `<registry> credentials not found` when the key is missing and
 * `<repository> not permitted by <regex>` when the regex does not match. `imagePath` is the
 * variable path of the image (e.g. `container_images[1]`) used in the error.
 */
export function registryCredentials(
  vars: Vars,
  registry: string,
  repository: string,
  imagePath: string,
): RegistryCredential {
  const all = vars.container_registry_credentials;
  const cred =
    all && typeof all === 'object' && Object.prototype.hasOwnProperty.call(all, registry)
      ? ((all as Record<string, RegistryCredential>)[registry] ?? undefined)
      : undefined;
  if (!cred) throw new InputError(`${imagePath}.registry`, `${registry} credentials not found`);
  if (cred.repository !== undefined && !repositoryPermitted(cred.repository, repository)) {
    throw new InputError(
      `${imagePath}.repository`,
      `${repository} not permitted by ${cred.repository}`,
    );
  }
  return cred;
}

/** Python `re.search(pattern, repository)`: unanchored unless the pattern anchors itself. */
export function repositoryPermitted(pattern: string, repository: string): boolean {
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch {
    throw new InputError(
      'container_registry_credentials.repository',
      `invalid regex ${JSON.stringify(pattern)}`,
    );
  }
  return re.test(repository);
}
