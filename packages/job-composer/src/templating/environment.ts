/**
 * The one nunjucks Environment: autoescape off, every filter and test registered with Ansible
 * semantics (strict undefined: a filter given an undefined value fails, except the ones made
 * for undefined values: default/d, mandatory, type_debug).
 */
import { TemplateError } from './errors';
import { setRegistry } from './filters/collections';
import { filters } from './filters';
import { FilterFn, TestFn } from './filters/types';
import { nunjucks } from './nunjucks-internals';
import { tests } from './tests';
import { PyUndefined } from './undefined';

const ACCEPTS_UNDEFINED = new Set(['default', 'd', 'mandatory', 'type_debug']);
const TESTS_ACCEPTING_UNDEFINED = new Set(['defined', 'undefined']);

function strictFilter(name: string, fn: FilterFn): FilterFn {
  if (ACCEPTS_UNDEFINED.has(name)) return fn;
  return (value, ...args) => {
    if (value instanceof PyUndefined) value.fail();
    return fn(value, ...args);
  };
}

function strictTest(name: string, fn: TestFn): TestFn {
  if (TESTS_ACCEPTING_UNDEFINED.has(name)) return fn;
  return (value, ...args) => {
    if (value instanceof PyUndefined) value.fail();
    return fn(value, ...args);
  };
}

export const environment = new nunjucks.Environment([], {
  autoescape: false,
  throwOnUndefined: false,
});

const wrappedFilters: Record<string, FilterFn> = {};
for (const [name, fn] of Object.entries(filters)) {
  wrappedFilters[name] = strictFilter(name, fn);
  environment.addFilter(name, wrappedFilters[name]);
}
const wrappedTests: Record<string, TestFn> = {};
for (const [name, fn] of Object.entries(tests)) {
  wrappedTests[name] = strictTest(name, fn);
  environment.addTest(name, wrappedTests[name]);
}

setRegistry({
  test(name) {
    const t = wrappedTests[name];
    if (!t) throw new TemplateError(`no test named '${name}'`);
    return t;
  },
  filter(name) {
    const f = wrappedFilters[name];
    if (!f) throw new TemplateError(`no filter named '${name}'`);
    return f;
  },
});

export const filterNames = (): string[] => Object.keys(wrappedFilters).sort();
export const testNames = (): string[] => Object.keys(wrappedTests).sort();
