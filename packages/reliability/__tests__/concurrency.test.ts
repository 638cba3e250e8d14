import { defineConcurrencySuite } from './concurrency-cases';

defineConcurrencySuite({ name: 'concurrency', rounds: 3, retagRounds: 10, retags: 30 });
