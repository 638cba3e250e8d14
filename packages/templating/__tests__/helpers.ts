import { createScope, renderString } from '../src';

/** Render `template` against one layer of variables. */
export function render(template: string, vars: Record<string, unknown> = {}): unknown {
  return renderString(template, createScope([vars]), 'test');
}

/** A table row: [template, vars, expected native result]. */
export type Row = [string, Record<string, unknown>, unknown];
