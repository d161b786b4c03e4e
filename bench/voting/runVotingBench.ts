// `node --expose-gc --import tsx bench/voting/runVotingBench.ts [--voters N] [--screens M]`: the voting benchmark
// alone, at a chosen scale (default 2,000 voters, 200 of them with a screen, and the hall screen).
import { formatTable } from '../table.ts';
import { runVotingBench } from './votingBench.ts';

function flag(name: string): number | undefined {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isSafeInteger(v) && v > 0 ? v : undefined;
}

const started = performance.now();
const voters = flag('--voters');
const screens = flag('--screens');
const rows = await runVotingBench({ ...(voters ? { voters } : {}), ...(screens ? { screens } : {}) });
console.log(formatTable(rows));
console.log(`(${((performance.now() - started) / 1000).toFixed(0)} s)`);
process.exit(0);
