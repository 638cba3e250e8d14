/** Selection filters: selectattr/rejectattr/select/reject (by test name), map (filter or attribute=), groupby. */
import { TemplateError } from '../errors';
import { bindArgs, splitArgs } from '../kwargs';
import { pyEquals, pyStr, pyTruthy } from '../python';
import { PyUndefined } from '../undefined';
import { asList, attrGetter, cmp } from './helpers';
import { getRegistry } from './registry';
import { FilterTable, TestFn } from './types';

function testArgs(args: unknown[]): { test: TestFn; rest: unknown[] } {
  const name = args.length ? pyStr(args[0]) : undefined;
  if (name === undefined) return { test: (v) => pyTruthy(v), rest: [] };
  return { test: getRegistry().test(name), rest: args.slice(1) };
}

function selectBy(value: unknown, args: unknown[], attr: boolean, keep: boolean): unknown[] {
  if (!pyTruthy(value)) return []; // Jinja: a false value (0, '', None) selects nothing
  const items = asList(value);
  const get = attr ? attrGetter(args[0]) : (x: unknown) => x;
  const { test, rest } = testArgs(attr ? args.slice(1) : args);
  return items.filter((item) => test(get(item), ...rest) === keep);
}

export const selectFilters: FilterTable = {
  selectattr: (v, ...a) => selectBy(v, a, true, true),
  rejectattr: (v, ...a) => selectBy(v, a, true, false),
  select: (v, ...a) => selectBy(v, a, false, true),
  reject: (v, ...a) => selectBy(v, a, false, false),
  map(value, ...args) {
    if (!pyTruthy(value)) return [];
    const items = asList(value);
    const { pos, kw } = splitArgs(args);
    if (kw.attribute !== undefined) {
      const get = attrGetter(kw.attribute);
      return items.map((x) => {
        const v = get(x);
        return v instanceof PyUndefined && 'default' in kw ? kw.default : v;
      });
    }
    if (!pos.length) throw new TemplateError('map requires a filter name or attribute=');
    const f = getRegistry().filter(pyStr(pos[0]));
    const rest = pos.slice(1);
    const kwTail = Object.keys(kw).length ? [{ ...kw, __keywords: true }] : [];
    return items.map((x) => f(x, ...rest, ...kwTail));
  },
  /** Jinja `groupby`: sorted list of (grouper, items) pairs. */
  groupby(value, ...args) {
    const { attribute, default: dflt } = bindArgs(args, ['attribute', 'default'], {
      default: undefined,
    });
    const get = attrGetter(attribute);
    const groups: Array<[unknown, unknown[]]> = [];
    for (const item of asList(value)) {
      let key = get(item);
      if (key instanceof PyUndefined && dflt !== undefined) key = dflt;
      const g = groups.find(([k]) => pyEquals(k, key));
      if (g) g[1].push(item);
      else groups.push([key, [item]]);
    }
    return groups.sort((a, b) => cmp(a[0], b[0]));
  },
};
