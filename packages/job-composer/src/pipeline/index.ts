export { runPipeline, pipelineConfigSources } from './run-pipeline';
export { pipelineState, defaultStateDir, type PipelineState } from './state';
export { runGraph, ancestors, descendants, type GraphNode, type ReadyState } from './scheduler';
export { formatJobTable, formatOperations } from './report';
export * from './types';
export { buildsetResult } from './buildset-result';
