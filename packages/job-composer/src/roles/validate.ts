import type AjvType from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { RoleDefinition, Vars } from '@zuul-ts/role-kit';
// The subpath: the package root loads the role context, and with it the registry client.
import { InputError } from '@zuul-ts/role-kit/errors';
import { AJV_OPTIONS, schemaFingerprint } from './schema-fingerprint';

// ajv takes ~90 ms to load and more to generate a validator: built-in roles use the ones
// precompiled by `npm run build` (dist/roles/validators.js); ajv is loaded only for others.
let ajv: AjvType | undefined;
function getAjv(): AjvType {
  if (!ajv) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Ajv = (require('ajv') as { default: typeof AjvType }).default;
    ajv = new Ajv(AJV_OPTIONS);
  }
  return ajv;
}
const compiled = new WeakMap<object, ValidateFunction>();

interface Precompiled {
  fingerprints: Record<string, { id: string; fingerprint: string }>;
  [id: string]: unknown;
}
let precompiled: Precompiled | null | undefined;

/** The build's validator for this role, when it was made from this very schema. */
function prebuilt(def: RoleDefinition): ValidateFunction | undefined {
  if (precompiled === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      precompiled = require('./validators.js') as Precompiled;
    } catch {
      precompiled = null; // not built (tests run from src/)
    }
  }
  const entry = precompiled?.fingerprints[def.name];
  if (!entry || entry.fingerprint !== schemaFingerprint(def.schema)) return undefined;
  return precompiled?.[entry.id] as ValidateFunction;
}

/** `/container_images/2/tags/0` → `container_images[2].tags[0]`. */
export function jsonPointerToPath(pointer: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

function describe(e: ErrorObject): { path: string; reason: string } {
  let path = jsonPointerToPath(e.instancePath);
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'required') {
    const missing = String(p.missingProperty);
    path = path ? `${path}.${missing}` : missing;
    return { path, reason: 'is required' };
  }
  if (e.keyword === 'additionalProperties') {
    const extra = String(p.additionalProperty);
    return { path: path ? `${path}.${extra}` : extra, reason: 'is not allowed' };
  }
  return { path: path || '(vars)', reason: `${e.message ?? 'is invalid'} (${e.keyword})` };
}

/**
 * Validates a role's (rendered) variables against `def.schema`, then `def.checkInputs`, BEFORE
 * the role runs. The first schema error throws an InputError naming the full path and the
 * rule; the message lists all errors.
 * Returns warnings for unknown keys inside the role's objects (typos like `tag:` for `tags:`).
 */
export function validateRoleVars(def: RoleDefinition, all: Vars): string[] {
  let validate = compiled.get(def.schema);
  if (!validate) {
    validate = prebuilt(def) ?? getAjv().compile(def.schema);
    compiled.set(def.schema, validate);
  }
  const vars = renderedOnly(def, all);
  if (!validate(vars)) {
    const errors = (validate.errors ?? []).map(describe);
    const first = errors[0];
    const rest = errors.slice(1).map((e) => `${e.path}: ${e.reason}`);
    throw new InputError(
      first.path,
      rest.length ? `${first.reason}; also ${rest.join('; ')}` : first.reason,
    );
  }
  // The role's own rules get every variable (an unrenderable one throws only if read).
  def.checkInputs?.(all);
  const warnings: string[] = [];
  const props = (def.schema as { properties?: Record<string, object> }).properties ?? {};
  for (const [name, sub] of Object.entries(props)) {
    if (name in vars) unknownKeys(sub, vars[name], name, warnings);
  }
  return warnings;
}

/**
 * The variables that rendered. Ansible renders lazily: a variable that cannot render (e.g. a
 * zuul-jobs default such as `promote_container_image_query` referencing a variable the job does
 * not set) fails only when the role reads it, so it is left out of validation (the runner keeps
 * it as a throwing, non-enumerable getter). A schema-required one is read now: the role would
 * read it, and its template error names the undefined variable better than "is required".
 */
function renderedOnly(def: RoleDefinition, all: Vars): Vars {
  const required = (def.schema as { required?: unknown }).required;
  if (Array.isArray(required))
    for (const name of required) if (typeof name === 'string' && name in all) void all[name];
  const out: Vars = {};
  for (const name of Object.keys(all)) out[name] = all[name];
  return out;
}

/** Walks value and schema together; reports object keys the schema does not describe. */
function unknownKeys(schema: object, value: unknown, path: string, out: string[]): void {
  const s = schema as {
    type?: unknown;
    properties?: Record<string, object>;
    patternProperties?: Record<string, object>;
    additionalProperties?: unknown;
    items?: object;
  };
  if (Array.isArray(value) && s.items && typeof s.items === 'object') {
    value.forEach((v, i) => unknownKeys(s.items as object, v, `${path}[${i}]`, out));
    return;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value) || !s.properties) return;
  if (s.patternProperties || (s.additionalProperties && typeof s.additionalProperties === 'object'))
    return;
  for (const [k, v] of Object.entries(value)) {
    const sub = s.properties[k];
    if (sub) unknownKeys(sub, v, `${path}.${k}`, out);
    else out.push(`${path}.${k}: unknown key (ignored)`);
  }
}
