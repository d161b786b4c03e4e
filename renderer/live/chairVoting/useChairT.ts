// The voting console's texts in the app's language (the app's I18n context decides it).
import { useMemo } from 'react';
import { chairVotingText, type ChairVotingKey } from '../../i18n/chairVoting.ts';
import type { Params } from '../../i18n/format.ts';
import { useT, type I18n } from '../../i18n/I18nProvider.tsx';

export type ChairT = (key: ChairVotingKey, params?: Params) => string;

export function useChairT(): { readonly ct: ChairT; readonly i18n: I18n } {
  const i18n = useT();
  const ct = useMemo<ChairT>(() => (key, params) => chairVotingText(i18n.lang, key, params), [i18n.lang]);
  return { ct, i18n };
}
