/** The environment's test and filter registries, set once by environment.ts (avoids an import cycle). */
import { FilterFn, TestFn } from './types';

export interface Registry {
  test(name: string): TestFn;
  filter(name: string): FilterFn;
}

let registry: Registry | undefined;

export function setRegistry(r: Registry): void {
  registry = r;
}

export function getRegistry(): Registry {
  if (!registry) throw new Error('templating registry not initialised');
  return registry;
}
