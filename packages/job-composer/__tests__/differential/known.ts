import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Deliberate differences: the table in the templating README (`| ids | difference | reason |`),
 * first column a comma-separated list of entry ids in backquotes.
 */
export function deliberateDifferences(): Map<string, string> {
  const readme = readFileSync(join(__dirname, '../../../templating/README.md'), 'utf8');
  const section = readme.split('## Deliberate differences from Ansible')[1] ?? '';
  const out = new Map<string, string>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 4 || !cells[1].startsWith('`')) continue;
    for (const m of cells[1].matchAll(/`([^`]+)`/g)) out.set(m[1], cells[2]);
  }
  return out;
}

/** Differences not fixed yet (each must still differ; remove an id once it agrees). */
export const pendingDifferences: string[] = [];
