/**
 * Ansible-compatible templating on nunjucks: lazily rendered layered
 * scopes, Ansible's output type conversion, strict undefined, and the filters/tests/lookups the
 * zuul-jobs container roles use.
 */
export { Scope, createScope, labelLayer } from './scope';
export type { ScopeOptions } from './scope';
export {
  renderString,
  renderValue,
  evaluateExpression,
  evaluateCondition,
  isPossiblyTemplate,
  filterNames,
  testNames,
} from './render';
export { TemplateError, UndefinedVariableError } from './errors';
export { OMIT, dropOmitted } from './omit';
export { Unsafe, markUnsafe, unwrapUnsafe } from './unsafe';
export { loadAllYaml11, loadYaml11, loadYaml11Located, yaml11Schema } from './yaml11';
export { dumpYaml11 } from './yaml11-dump';
export type { DumpYaml11Options } from './yaml11-dump';
export type { Yaml11Options } from './yaml11';
export { LazyMapping } from './lazy';
export { combineHostPattern } from './host-pattern';
export { PyDateTime, PyTimedelta } from './datetime';
export { pyStr, pyRepr, pyTruthy, isDict } from './python';
export { literalEval } from './literal';
