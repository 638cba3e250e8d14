import { collectionFilters } from './collections';
import { coreFilters } from './core';
import { networkFilters } from './network';
import { queryFilters } from './query';
import { serializationFilters } from './serialization';
import { stringFilters } from './strings';
import { timeFilters } from './time';
import { FilterTable } from './types';

export const filters: FilterTable = {
  ...coreFilters,
  ...stringFilters,
  ...collectionFilters,
  ...serializationFilters,
  ...timeFilters,
  ...networkFilters,
  ...queryFilters,
};
