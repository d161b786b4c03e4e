// Benchmark rows and the table `npm run bench` prints. Figures only: nothing here passes or fails.
export interface BenchRow {
  readonly group: string;
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The baseline measured in the same run, as text ("plain copy 1.9 GB/s"). */
  readonly baseline?: string;
  readonly note?: string;
}

export function formatTable(rows: readonly BenchRow[]): string {
  const cells = rows.map((r) => [r.group, r.name, `${fmt(r.value)} ${r.unit}`, r.baseline ?? '', r.note ?? '']);
  const head = ['group', 'measure', 'value', 'baseline (same run)', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) => `| ${c.map((x, i) => x.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

export function percentile(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
}

export const MB = 1024 * 1024;
