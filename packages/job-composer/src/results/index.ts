export { ResultsError } from './errors';
export { mergeData } from './merge';
export { resultDataProblems } from './schema';
export { readResults, mergeZuulReturn, type ResultData, type ZuulReturnArgs } from './results-file';
export {
  artifactsFromResultData,
  collectArtifacts,
  type ResultArtifact,
  type BuildItem,
  type ParentBuild,
} from './artifacts';
export { parentResults } from './parent-data';
export { appendBuild, readBuilds, type BuildRecord, type StoredBuild } from './builds-store';
export {
  buildsQuery,
  toApiBuild,
  BuildsQueryError,
  type ApiBuild,
  type BuildsParams,
} from './builds-query';
export { startBuildsApiServer, type BuildsApiServer } from './builds-api-server';
export { artifactsFromApiBuilds, loadArtifactsFile, fetchBuilds } from './api-artifacts';
