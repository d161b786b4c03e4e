// `node --import tsx bench/live/runLiveBench.ts [--quick] [--burst]`: the live benchmarks alone (--burst: only
// the burst case).
import { formatTable } from '../table.ts';
import { burstCase } from './burstBench.ts';
import { runLiveBench } from './liveBench.ts';

const started = performance.now();
const quick = process.argv.includes('--quick');
const rows = process.argv.includes('--burst') ? await burstCase({ quick }) : await runLiveBench({ quick });
console.log(formatTable(rows));
console.log(`(${((performance.now() - started) / 1000).toFixed(0)} s)`);
process.exit(0);
