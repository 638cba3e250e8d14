/** The ajv options of every role validator (precompiled at build time or compiled at run time). */
export const AJV_OPTIONS = { allErrors: true, strict: false } as const;

/** Identifies a schema by content: a precompiled validator is used only for the same schema. */
export function schemaFingerprint(schema: object): string {
  // node:crypto on use: a playbook that runs no role never loads it (start-up).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex');
}
