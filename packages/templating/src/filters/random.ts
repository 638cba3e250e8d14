/**
 * Ansible's `random` filter: an integer n gives a number in [0, n) (`start`, `step` as
 * Python's randrange), a string or list one of its items; anything else, an empty sequence or
 * an empty range fails as in Ansible.
 */
import { TemplateError } from '../errors';
import { bindArgs } from '../kwargs';
import { pyType } from '../python';
import { defined } from '../undefined';
import { nodeCrypto } from '../node-crypto';
import { FilterTable } from './types';

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
      return start + step * nodeCrypto().randomInt(count);
    }
    if (typeof v === 'string' || Array.isArray(v)) {
      if (v.length === 0) throw new TemplateError('Cannot choose from an empty sequence');
      return v[nodeCrypto().randomInt(v.length)];
    }
    throw new TemplateError(`random can only be used on sequences and integers, got ${pyType(v)}`);
  },
};
