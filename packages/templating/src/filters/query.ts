/**
 * json_query (community.general): JMESPath over the value, via the reference JS implementation
 * (jmespath.js), e.g. `zuul.artifacts | json_query("[?metadata.type=='container_image']")`.
 */
import { search } from 'jmespath';
import { TemplateError } from '../errors';
import { pyStr } from '../python';
import { defined } from '../undefined';
import { FilterTable } from './types';

export const queryFilters: FilterTable = {
  json_query(value, expr) {
    try {
      // jmespath.js types want JSON values; template data is JSON-like
      return search(defined(value) as Parameters<typeof search>[0], pyStr(expr)) ?? null;
    } catch (e) {
      throw new TemplateError(`json_query: ${(e as Error).message}`);
    }
  },
};
