import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderFigures, spliceFigures } from './report';
import { readSummaries } from './summary';

/**
 * `npm run report -w @zuul-ts/reliability`: turns the figures the last suite run wrote
 * (packages/reliability/results/*.json) into the generated block of docs/reliability.md.
 */
const doc = join(__dirname, '..', '..', '..', 'docs', 'reliability.md');
const rows = readSummaries().flatMap((s) => s.rows);
const files = readSummaries().map((s) => s.file);
const header = `Generated ${new Date().toISOString().slice(0, 16)}Z from ${files.length} result files (${files.join(', ')}).\n`;
writeFileSync(doc, spliceFigures(readFileSync(doc, 'utf8'), header + '\n' + renderFigures(rows)));
process.stdout.write(`docs/reliability.md: ${rows.length} rows\n`);
