import type { RoleDefinition } from '@zuul-ts/role-kit';
import { pauseBuildsetRegistryRole } from './roles/pause-buildset-registry';
import { pullFromIntermediateRegistryRole } from './roles/pull-from-intermediate-registry';
import { pushToIntermediateRegistryRole } from './roles/push-to-intermediate-registry';
import { runBuildsetRegistryRole } from './roles/run-buildset-registry';
import { stopBuildsetRegistryRole } from './roles/stop-buildset-registry';
import { useBuildsetRegistryRole } from './roles/use-buildset-registry';

export { pushToIntermediateRegistry } from './roles/push-to-intermediate-registry';
export { pullFromIntermediateRegistry } from './roles/pull-from-intermediate-registry';
export { runBuildsetRegistry, DEFAULT_BUILDSET_REGISTRY_PORT } from './roles/run-buildset-registry';
export { stopBuildsetRegistry } from './roles/stop-buildset-registry';
export { pauseBuildsetRegistry } from './roles/pause-buildset-registry';
export { useBuildsetRegistry } from './roles/use-buildset-registry';
export { updateRegistriesConf, mirrorLocation } from './use-buildset-registry/registries-conf';
export { containerImageArtifact, artifactsToPull } from './artifacts';
export { registryEndpoint, intermediateRegistry, buildsetRegistry } from './endpoints';
export * from './types';

/** The roles this package implements, for the `zuul-ts role <name>` runner. */
export const roles: RoleDefinition[] = [
  pushToIntermediateRegistryRole,
  pullFromIntermediateRegistryRole,
  runBuildsetRegistryRole,
  stopBuildsetRegistryRole,
  pauseBuildsetRegistryRole,
  useBuildsetRegistryRole,
];
