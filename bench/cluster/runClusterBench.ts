// `node --import tsx bench/cluster/runClusterBench.ts [--quick]`: the cluster benchmark alone (--quick: 5 x 20).
import { formatTable } from '../table.ts';
import { runClusterBench } from './clusterBench.ts';

const started = performance.now();
const rows = await runClusterBench({ quick: process.argv.includes('--quick') });
console.log(formatTable(rows));
console.log(`(${((performance.now() - started) / 1000).toFixed(0)} s)`);
process.exit(0);
