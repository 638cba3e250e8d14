import { InputError } from '@zuul-ts/role-kit';
import type { TagRemovalInputs } from './schema';

type CleanupInputs = TagRemovalInputs & { zuul?: unknown };

/** zuul-jobs default `remove_registry_tag_regex`: `^change_.*$|^{{ zuul.pipeline }}_.*$`. */
export function defaultCleanupRegex(inputs: { zuul?: unknown }): string {
  const pipeline = (inputs.zuul as { pipeline?: string } | undefined)?.pipeline;
  return pipeline ? `^change_.*$|^${pipeline}_.*$` : '^change_.*$';
}

/**
 * `remove_registry_tag_regex` compiled (default as zuul-jobs); the schema guarantees a
 * non-empty string, only the regex syntax is checked here.
 */
export function cleanupRegex(inputs: CleanupInputs): RegExp {
  const raw = inputs.remove_registry_tag_regex ?? defaultCleanupRegex(inputs);
  try {
    return new RegExp(raw);
  } catch (err) {
    throw new InputError('remove_registry_tag_regex', `invalid regex: ${(err as Error).message}`);
  }
}

/** `remove_registry_tag_age` in seconds (default 86400); the schema allows digit strings (Ansible). */
export function cleanupAge(inputs: CleanupInputs): number {
  return Number(inputs.remove_registry_tag_age ?? 86400);
}

/** `remove_registry_tag_api_url` (an http(s) URL, by the schema), unset when empty. */
export function apiUrlOverride(inputs: CleanupInputs): string | undefined {
  return inputs.remove_registry_tag_api_url || undefined;
}
