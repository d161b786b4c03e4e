// Quorum (DOMAIN.md): a session proceeds when at least numerator/denominator (default ⅔) of the delegates
// actually sitting take part, in the hall or online.
import type { AttendanceRecord, QuorumRule } from './state.ts';

export interface QuorumStatus {
  readonly present: number;
  readonly presentHall: number;
  readonly presentOnline: number;
  readonly absent: number;
  readonly total: number;
  /** The smallest number present that makes the quorum. */
  readonly required: number;
  readonly reached: boolean;
}

export function requiredForQuorum(totalDelegates: number, rule: QuorumRule): number {
  // "at least ⅔": the least integer n with n * den >= total * num, in integers (no rounding surprises)
  return Math.floor((totalDelegates * rule.numerator + rule.denominator - 1) / rule.denominator);
}

export function quorumStatus(
  attendance: Readonly<Record<string, AttendanceRecord>>,
  totalDelegates: number,
  rule: QuorumRule,
): QuorumStatus {
  const records = Object.values(attendance);
  const presentHall = records.filter((r) => r.status === 'present-hall').length;
  const presentOnline = records.filter((r) => r.status === 'present-online').length;
  const present = presentHall + presentOnline;
  return {
    present,
    presentHall,
    presentOnline,
    absent: records.filter((r) => r.status === 'absent').length,
    total: totalDelegates,
    required: requiredForQuorum(totalDelegates, rule),
    reached: totalDelegates > 0 && present * rule.denominator >= totalDelegates * rule.numerator,
  };
}
