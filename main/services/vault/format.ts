// Sizes for people: 1.4 MB, 512 kB (decimal units, as file managers show them).
const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'] as const;

export function formatBytes(n: number): string {
  let value = n;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}
