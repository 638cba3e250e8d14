/**
 * The one nunjucks Environment: autoescape off, every filter and test registered with Ansible
 * semantics (strict undefined: a filter given an undefined value fails, except the ones made
 * for undefined values: default/d, mandatory, type_debug).
 */
import { TemplateError } from './errors';
import { setRegistry } from './filters/registry';
import { filters } from './filters';
import { FilterFn, TestFn } from './filters/types';
import { nunjucks } from './nunjucks-internals';
import { tests } from './tests';
import { checkFilterInput, checkTestInput } from './input-types';
import { STRING_TYPE_FILTERS, markNativeText } from './native-text';
import { PyUndefined } from './undefined';

const ACCEPTS_UNDEFINED = new Set(['default', 'd', 'mandatory', 'type_debug']);
const TESTS_ACCEPTING_UNDEFINED = new Set(['defined', 'undefined']);

function strictFilter(name: string, fn: FilterFn): FilterFn {
  if (ACCEPTS_UNDEFINED.has(name)) return fn;
  return (value, ...args) => {
    if (value instanceof PyUndefined) value.fail();
    checkFilterInput(name, value);
    return fn(value, ...args);
  };
}

function strictTest(name: string, fn: TestFn): TestFn {
  if (TESTS_ACCEPTING_UNDEFINED.has(name)) return fn;
  return (value, ...args) => {
    if (value instanceof PyUndefined) value.fail();
    checkTestInput(name, value);
    return fn(value, ...args);
  };
}

export const environment = new nunjucks.Environment([], {
  autoescape: false,
  throwOnUndefined: false,
});

/** Fully qualified collection names zuul-jobs and users write for the same plugins. */
const COLLECTION_ALIASES: Record<string, string[]> = {
  json_query: ['community.general.json_query'],
  ipaddr: ['ansible.utils.ipaddr', 'ansible.netcommon.ipaddr'],
  ipwrap: ['ansible.utils.ipwrap', 'ansible.netcommon.ipwrap'],
  ipv4: ['ansible.utils.ipv4', 'ansible.netcommon.ipv4'],
  ipv6: ['ansible.utils.ipv6', 'ansible.netcommon.ipv6'],
};

function aliases(name: string): string[] {
  return [name, `ansible.builtin.${name}`, ...(COLLECTION_ALIASES[name] ?? [])];
}

// nunjucks' own filters/tests we do not replace (escape, urlencode, slice, striptags, random, ...)
// get the same strict-undefined treatment
for (const [name, fn] of Object.entries(environment.filters as Record<string, FilterFn>))
  if (!(name in filters)) environment.addFilter(name, strictFilter(name, fn));
for (const [name, fn] of Object.entries(environment.tests as Record<string, TestFn>))
  if (!(name in tests)) environment.addTest(name, strictTest(name, fn));

const wrappedFilters: Record<string, FilterFn> = {};
for (const [name, fn] of Object.entries(filters)) {
  const strict = strictFilter(name, fn);
  const wrapped: FilterFn = STRING_TYPE_FILTERS.has(name)
    ? (value, ...args) => markNativeText(strict(value, ...args))
    : strict;
  for (const alias of aliases(name)) {
    wrappedFilters[alias] = wrapped;
    environment.addFilter(alias, wrapped);
  }
}
const wrappedTests: Record<string, TestFn> = {};
for (const [name, fn] of Object.entries(tests)) {
  const wrapped = strictTest(name, fn);
  for (const alias of aliases(name)) {
    wrappedTests[alias] = wrapped;
    environment.addTest(alias, wrapped);
  }
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

export const filterNames = (): string[] =>
  Object.keys(wrappedFilters)
    .filter((n) => !n.includes('.'))
    .sort();
export const testNames = (): string[] =>
  Object.keys(wrappedTests)
    .filter((n) => !n.includes('.'))
    .sort();
