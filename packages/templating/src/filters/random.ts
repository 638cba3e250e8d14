/**
 * Ansible's `random` filter: an integer n gives a number in [0, n) (`start`, `step` as
 * Python's randrange), a string or list one of its items; anything else, an empty sequence or
 * an empty range fails as in Ansible.
 */
import { TemplateError } from '../errors';
import { bindArgs } from '../kwargs';
import { pyType } from '../python';
import { defined } from '../undefined';
import { FilterTable } from './types';

/** node:crypto's randomInt, loaded on use (with node:stream, a tenth of a short run's start-up). */
function randomInt(max: number): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('node:crypto') as typeof import('node:crypto')).randomInt(max);
}

export const randomFilters: FilterTable = {
  random(value, ...args) {
    const v = defined(value);
    const a = bindArgs(args, ['start', 'step', 'seed'], { start: null, step: 1 });
    if (typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v))) {
      const start = a.start === null ? 0 : Number(a.start);
      const step = Number(a.step);
      const count = Math.ceil((Number(v) - start) / step);
      if (count <= 0)
        throw new TemplateError(`empty range for randrange() (${start}, ${Number(v)})`);
      return start + step * randomInt(count);
    }
    if (typeof v === 'string' || Array.isArray(v)) {
      if (v.length === 0) throw new TemplateError('Cannot choose from an empty sequence');
      return v[randomInt(v.length)];
    }
    throw new TemplateError(`random can only be used on sequences and integers, got ${pyType(v)}`);
  },
};
