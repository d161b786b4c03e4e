// The audit verifier's findings in words, Vietnamese (default) and English: "entries 51–100 missing",
// "entry 7 altered". The findings themselves are values (common/live/audit.ts AuditProblem).
import type { AuditProblem } from '../live/audit.ts';
import type { Lang } from './errors.ts';

function range(from: number, to: number): readonly [vi: string, en: string] {
  return from === to ? [`mục ${from}`, `entry ${from}`] : [`các mục ${from}–${to}`, `entries ${from}–${to}`];
}

/** One line per problem, Vietnamese or English: "entries 51–100 missing", "entry 7 altered". */
export function auditProblemText(lang: Lang, p: AuditProblem): string {
  const i = lang === 'vi' ? 0 : 1;
  switch (p.kind) {
    case 'missing':
      return `${range(p.from, p.to)[i]} ${lang === 'vi' ? 'bị thiếu' : 'missing'}`;
    case 'altered':
      return lang === 'vi' ? `mục ${p.seq} bị sửa` : `entry ${p.seq} altered`;
    case 'unlinked':
      return lang === 'vi' ? `mục ${p.seq} không nối với mục trước` : `entry ${p.seq} does not follow the entry before it`;
    case 'unsigned':
      return lang === 'vi' ? `mục ${p.seq} không có chữ ký` : `entry ${p.seq} is not signed`;
    case 'bad-checkpoint':
      return lang === 'vi' ? `mốc ký ${p.seq} (${p.source}) có chữ ký sai` : `the checkpoint at ${p.seq} (${p.source}) has a bad signature`;
    case 'diverged':
      return lang === 'vi'
        ? `chuỗi tại mục ${p.seq} khác mốc đã ký (${p.source}): lịch sử bị viết lại`
        : `the chain at entry ${p.seq} differs from the signed checkpoint (${p.source}): history was rewritten`;
    case 'other':
      return p.message;
  }
}
