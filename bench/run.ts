// `npm run bench`: every benchmark, each side by side with its baseline measured in the same run.
// Prints a table; never passes or fails on a figure. `npm run bench -- pack live` runs only those groups.
import { formatTable, type BenchRow } from './table.ts';

type Suite = () => Promise<BenchRow[]>;
const SUITES: Readonly<Record<string, Suite>> = {
  pack: async () => (await import('./pack/packBench.ts')).runPackBench(),
  join: async () => (await import('./pack/joinBench.ts')).runJoinBench(),
  live: async () => (await import('./live/liveBench.ts')).runLiveBench(),
  viewer: async () => (await import('./viewer/viewerBench.ts')).runViewerBench(),
  firstOpen: async () => (await import('./firstOpen/firstOpenBench.ts')).runFirstOpenBench(),
  voting: async () => (await import('./voting/votingBench.ts')).runVotingBench(),
  search: async () => (await import('./search/searchBench.ts')).runSearchBench(),
  annotations: async () => (await import('./annotations/anchor.ts')).runAnchorBench(),
  annotationsSync: async () => (await import('./annotations/sync.ts')).runSyncBench(),
  annotationsOpen: async () => (await import('./annotations/open.ts')).runAnnotationsOpenBench(),
  rush: async () => (await import('./rush/rushBench.ts')).runRushBench(),
  store: async () => (await import('./store/storeBench.ts')).runStoreBench(),
  cluster: async () => (await import('./cluster/clusterBench.ts')).runClusterBench(),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const rows: BenchRow[] = [];
for (const [name, suite] of Object.entries(SUITES)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  process.stderr.write(`bench: ${name}…\n`);
  try {
    rows.push(...(await suite()));
  } catch (e) {
    process.stderr.write(`bench: ${name} failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    rows.push({ group: name, name: 'FAILED', value: NaN, unit: '', note: e instanceof Error ? e.message : String(e) });
  }
}
console.log(`\nPaperless Council benchmarks, ${new Date().toISOString()}, node ${process.version}\n`);
console.log(formatTable(rows));
