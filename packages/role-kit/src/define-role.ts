import type { InputSchema, RoleContext, RoleDefinition, RoleOutcome } from './types';

/** Declares that `schema` accepts exactly the variables described by `I`. */
export function inputSchema<I>(schema: object): InputSchema<I> {
  return schema as InputSchema<I>;
}

/** A role whose `run` receives `ctx.inputs` validated by `inputSchema`. */
export function defineRole<I>(def: {
  name: string;
  inputSchema: InputSchema<I>;
  checkInputs?: RoleDefinition<I>['checkInputs'];
  run(ctx: RoleContext<I>): Promise<RoleOutcome>;
}): RoleDefinition<I> {
  const { inputSchema: schema, ...rest } = def;
  return { ...rest, schema };
}
