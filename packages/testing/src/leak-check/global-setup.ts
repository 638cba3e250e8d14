import { markRun } from '.';

/** Jest globalSetup: marks every process the tests start (see ./index.ts). */
export default function globalSetup(): void {
  markRun();
}
