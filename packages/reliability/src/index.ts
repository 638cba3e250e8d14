export * from './keyed-faults';
export * from './proxy-counts';
export * from './secret-scanner';
export * from './summary';
export * from './process-watch';
export * from './report';
