// One-line bilingual error messages and a terminal progress bar, shared by every command.
import { toErrorValue } from '../common/result.ts';
import { errorText } from '../common/i18n/errors.ts';

export function describeError(e: unknown): string {
  const v = toErrorValue(e);
  const detail = v.details && v.details.length > 0 ? `\n${v.details.map((d) => `  - ${d}`).join('\n')}` : '';
  return `council: [${v.code}] ${errorText('vi', v.code)} / ${errorText('en', v.code)}: ${v.message}${detail}`;
}

const BAR_WIDTH = 30;

/** Draws a progress bar on stderr when it is a terminal; prints a line per 10 % otherwise. */
export function progressBar(label: string, total: number): { update(done: number, note?: string): void; finish(): void } {
  const tty = process.stderr.isTTY === true;
  let lastDecile = -1;
  const started = Date.now();
  return {
    update(done, note = '') {
      const frac = total > 0 ? Math.min(1, done / total) : 1;
      if (tty) {
        const filled = Math.round(frac * BAR_WIDTH);
        const elapsed = (Date.now() - started) / 1000;
        const eta = frac > 0 ? Math.max(0, elapsed / frac - elapsed) : 0;
        process.stderr.write(
          `\r${label} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${(frac * 100).toFixed(0).padStart(3)}% ${note} ~${eta.toFixed(0)}s `,
        );
      } else {
        const decile = Math.floor(frac * 10);
        if (decile !== lastDecile) {
          lastDecile = decile;
          process.stderr.write(`${label} ${decile * 10}% ${note}\n`);
        }
      }
    },
    finish() {
      if (tty) process.stderr.write('\n');
    },
  };
}
