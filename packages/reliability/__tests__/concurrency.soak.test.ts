import { defineConcurrencySuite } from './concurrency-cases';

// Soak: `npm run test:soak` (ZUUL_TS_SOAK=1); excluded from `npm test` by jest.config.js.
defineConcurrencySuite({ name: 'soak-concurrency', rounds: 15, retagRounds: 40, retags: 30 });
