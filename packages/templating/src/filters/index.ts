import { dictFilters } from './dicts';
import { listFilters } from './lists';
import { selectFilters } from './select';
import { coreFilters } from './core';
import { networkFilters } from './network';
import { queryFilters } from './query';
import { randomFilters } from './random';
import { serializationFilters } from './serialization';
import { stringFilters } from './strings';
import { timeFilters } from './time';
import { FilterTable } from './types';
import { wordwrapFilters } from './wordwrap';

export const filters: FilterTable = {
  ...coreFilters,
  ...stringFilters,
  ...dictFilters,
  ...selectFilters,
  ...listFilters,
  ...serializationFilters,
  ...timeFilters,
  ...networkFilters,
  ...queryFilters,
  ...randomFilters,
  ...wordwrapFilters,
};
