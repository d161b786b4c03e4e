// A ballot's choice in words, for the confirmation step, "Bạn đã chọn" and a kept choice after the close.
import type { Lang } from '../../../common/i18n/errors.ts';
import { confidenceLevelLabel, electionMarkLabel, openChoiceLabel } from '../../../common/i18n/voting.ts';
import type { BallotChoice } from '../../../common/voting/commands.ts';
import type { PollDefinition, VotingSettings } from '../../../common/voting/choices.ts';
import { labelsOf } from '../../../common/voting/choices.ts';
import { ballotText } from '../../i18n/voting.ts';

/** One line per part: "Tán thành"; "Nguyễn A: Đồng ý"; "Trần B: Tín nhiệm cao". */
export function choiceLines(lang: Lang, def: PollDefinition, settings: VotingSettings, choice: BallotChoice): readonly string[] {
  if (def.kind === 'open') return typeof choice === 'string' ? [openChoiceLabel(lang, labelsOf(def, settings), choice)] : [];
  if (def.kind === 'election') {
    const marked = Array.isArray(choice) ? (choice as readonly string[]) : [];
    if (marked.length === 0) return [ballotText(lang, 'ballot.electionNone')];
    return def.candidates.filter((c) => marked.includes(c.id)).map((c) => `${c.name}: ${electionMarkLabel(lang, 'agree')}`);
  }
  if (typeof choice !== 'object' || Array.isArray(choice)) return [];
  const levels = choice as Readonly<Record<string, 'high' | 'medium' | 'low'>>;
  return def.persons.flatMap((p) => {
    const level = levels[p.id];
    return level === undefined ? [] : [`${p.name}: ${confidenceLevelLabel(lang, level)}`];
  });
}
