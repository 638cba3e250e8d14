import { createHash } from 'node:crypto';

/** The ajv options of every role validator (precompiled at build time or compiled at run time). */
export const AJV_OPTIONS = { allErrors: true, strict: false } as const;

/** Identifies a schema by content: a precompiled validator is used only for the same schema. */
export function schemaFingerprint(schema: object): string {
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex');
}
