// `node --import tsx bench/live/runLiveBench.ts [--quick]`: the live benchmarks alone.
import { formatTable } from '../table.ts';
import { runLiveBench } from './liveBench.ts';

const started = performance.now();
const rows = await runLiveBench({ quick: process.argv.includes('--quick') });
console.log(formatTable(rows));
console.log(`(${((performance.now() - started) / 1000).toFixed(0)} s)`);
process.exit(0);
