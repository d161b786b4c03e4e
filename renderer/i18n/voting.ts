// Texts of the delegate's ballot and the hall screen's poll (renderer/screens/live/voting). A catalogue of its
// own (the choice labels, verdicts and result sentences are in common/i18n/voting.ts and common/voting/tally.ts);
// Vietnamese is the reference, ballotEn must have exactly the same keys (the type enforces it).
import { useT } from './I18nProvider.tsx';
import { formatNumber, type Params } from './format.ts';
import type { Lang } from '../platform/Platform.ts';

export const ballotVi = {
  'ballot.title': 'Biểu quyết',
  'ballot.titleSecret': 'Bỏ phiếu kín',
  'ballot.kind.open': 'Biểu quyết công khai',
  'ballot.kind.election': 'Bầu cử (bỏ phiếu kín)',
  'ballot.kind.confidence': 'Lấy phiếu tín nhiệm (bỏ phiếu kín)',
  'ballot.kind.openSecret': 'Biểu quyết bằng phiếu kín',
  'ballot.item': 'Nội dung: {title}',
  'ballot.document': 'Tài liệu',
  'ballot.timeLeft': 'Còn {clock}',
  'ballot.noCountdown': 'Chủ tọa sẽ kết thúc biểu quyết',
  'ballot.shortcuts': 'Phím tắt: 1, 2, 3',
  'ballot.chooseOne': 'Chọn một trong ba:',
  'ballot.electionHint': 'Đánh dấu "Đồng ý" cho tối đa {seats} người; người không đánh dấu là không đồng ý.',
  'ballot.marked': 'Đã đồng ý {marked}/{seats} người',
  'ballot.markedFull': 'Đã đủ {seats} người: bỏ bớt một người trước khi chọn người khác',
  'ballot.confidenceHint': 'Chọn một mức cho từng người ({done}/{total} người đã chọn)',
  'ballot.next': 'Tiếp tục',
  'ballot.confirmTitle': 'Kiểm tra lại trước khi gửi',
  'ballot.yourChoice': 'Lựa chọn của bạn:',
  'ballot.electionNone': 'Không đồng ý với người nào',
  'ballot.confirm': 'Xác nhận biểu quyết',
  'ballot.back': 'Quay lại chọn',
  'ballot.noChange': 'Sau khi xác nhận, phiếu không thay đổi được.',
  'ballot.mayChange': 'Bạn có thể biểu quyết lại cho đến khi kết thúc.',
  'ballot.sending': 'Đang gửi phiếu…',
  'ballot.voted': 'Bạn đã biểu quyết',
  'ballot.votedChoice': 'Bạn đã chọn: {choice}',
  'ballot.serverHas': 'Máy chủ đã ghi nhận phiếu của bạn ✓',
  'ballot.serverHasNot': 'Máy chủ chưa có phiếu của bạn: hãy biểu quyết.',
  'ballot.serverChecking': 'Đang kiểm tra máy chủ đã nhận phiếu của bạn chưa…',
  'ballot.waiting': 'Chưa gửi được phiếu (mất kết nối). Phiếu sẽ được gửi ngay khi có mạng, nếu biểu quyết vẫn còn mở.',
  'ballot.offline': 'Mất kết nối. Lựa chọn của bạn vẫn được giữ trên màn hình; khi có mạng sẽ kiểm tra máy chủ đã nhận phiếu chưa.',
  'ballot.closed': 'Biểu quyết đã kết thúc',
  'ballot.closedKept': 'Lựa chọn của bạn (chưa gửi, không được ghi nhận):',
  'ballot.closedNothing': 'Bạn chưa chọn.',
  'ballot.dropped': 'Biểu quyết đã kết thúc trước khi phiếu được gửi đi: phiếu của bạn không được ghi nhận.',
  'ballot.refused': 'Phiếu không được ghi nhận: {error}',
  'ballot.retry': 'Gửi lại',
  'ballot.revote': 'Biểu quyết lại',
  'ballot.minimize': 'Thu nhỏ',
  'ballot.reopen': 'Mở phiếu biểu quyết',
  'ballot.chipOpen': 'Đang biểu quyết',
  'ballot.chipVoted': 'Bạn đã biểu quyết',
  'ballot.dismiss': 'Đóng',
  'ballot.notEligible': 'Bạn không có trong danh sách biểu quyết lần này',
  'ballot.notEligibleWhy': 'Danh sách được chốt khi chủ tọa mở biểu quyết (đại biểu có mặt lúc đó).',
  'ballot.receipt': 'Mã phiếu của bạn: {tracker}',
  'ballot.receiptLabel': 'Mã phiếu của bạn:',
  'ballot.receiptHint': 'Ghi lại mã này để tự kiểm tra phiếu của mình trong kết quả công bố.',
  'ballot.receiptInBox': 'Phiếu của bạn có trong hòm phiếu ✓',
  'ballot.receiptNotInBox': 'Không thấy phiếu của bạn trong hòm phiếu đã công bố: hãy báo Ban kiểm phiếu.',
  'ballot.receiptInResult': 'Phiếu của bạn có trong kết quả công bố ✓',
  'ballot.secretNote': 'Phiếu được mã hóa trên thiết bị của bạn; máy chủ không biết bạn chọn gì.',
  'ballot.level': 'Mức tín nhiệm của {name}',

  'hall.poll.title': 'Biểu quyết',
  'hall.poll.progress': '{cast} / {base} đã biểu quyết',
  'hall.poll.progressLabel': 'Tiến độ biểu quyết',
  'hall.poll.timeLeft': 'Còn lại',
  'hall.poll.closed': 'Đã kết thúc biểu quyết',
  'hall.poll.tallying': 'Ban kiểm phiếu đang kiểm phiếu',
  'hall.poll.counted': 'Đã có kết quả, chờ chủ tọa công bố',
  'hall.poll.result': 'Kết quả biểu quyết',
  'hall.poll.elected': 'Trúng cử',
  'hall.poll.noneElected': 'Không có người trúng cử',
  'hall.poll.names': 'Danh sách theo lựa chọn',
  'hall.poll.nobody': '(không có)',
} as const;

export type BallotKey = keyof typeof ballotVi;

export const ballotEn: Readonly<Record<BallotKey, string>> = {
  'ballot.title': 'Vote',
  'ballot.titleSecret': 'Secret ballot',
  'ballot.kind.open': 'Open vote',
  'ballot.kind.election': 'Election (secret ballot)',
  'ballot.kind.confidence': 'Vote of confidence (secret ballot)',
  'ballot.kind.openSecret': 'Vote by secret ballot',
  'ballot.item': 'Item: {title}',
  'ballot.document': 'Documents',
  'ballot.timeLeft': '{clock} left',
  'ballot.noCountdown': 'The chair will close the vote',
  'ballot.shortcuts': 'Shortcuts: 1, 2, 3',
  'ballot.chooseOne': 'Choose one of three:',
  'ballot.electionHint': 'Mark "Agree" for at most {seats}; anyone not marked counts as disagree.',
  'ballot.marked': 'Agreed with {marked} of {seats}',
  'ballot.markedFull': 'All {seats} marked: unmark someone before choosing another',
  'ballot.confidenceHint': 'Choose a level for each person ({done} of {total} done)',
  'ballot.next': 'Continue',
  'ballot.confirmTitle': 'Check before sending',
  'ballot.yourChoice': 'Your choice:',
  'ballot.electionNone': 'Agree with nobody',
  'ballot.confirm': 'Confirm my vote',
  'ballot.back': 'Back to the choices',
  'ballot.noChange': 'Once confirmed, the vote cannot be changed.',
  'ballot.mayChange': 'You may vote again until the vote closes.',
  'ballot.sending': 'Sending your vote…',
  'ballot.voted': 'You have voted',
  'ballot.votedChoice': 'You chose: {choice}',
  'ballot.serverHas': 'The server has recorded your vote ✓',
  'ballot.serverHasNot': 'The server does not have your vote: please vote.',
  'ballot.serverChecking': 'Checking whether the server has your vote…',
  'ballot.waiting': 'Your vote could not be sent (no connection). It is sent as soon as the connection returns, if the vote is still open.',
  'ballot.offline': 'Connection lost. Your choice stays on screen; once connected again, the app checks whether the server has your vote.',
  'ballot.closed': 'The vote has closed',
  'ballot.closedKept': 'Your choice (not sent, not recorded):',
  'ballot.closedNothing': 'You had not chosen.',
  'ballot.dropped': 'The vote closed before your vote could be sent: it was not recorded.',
  'ballot.refused': 'Your vote was not recorded: {error}',
  'ballot.retry': 'Send again',
  'ballot.revote': 'Vote again',
  'ballot.minimize': 'Minimise',
  'ballot.reopen': 'Open the ballot',
  'ballot.chipOpen': 'Vote open',
  'ballot.chipVoted': 'You have voted',
  'ballot.dismiss': 'Close',
  'ballot.notEligible': 'You are not on the list of voters this time',
  'ballot.notEligibleWhy': 'The list is fixed when the chair opens the vote (the delegates present then).',
  'ballot.receipt': 'Your ballot code: {tracker}',
  'ballot.receiptLabel': 'Your ballot code:',
  'ballot.receiptHint': 'Note this code to find your own ballot in the published result.',
  'ballot.receiptInBox': 'Your ballot is in the ballot box ✓',
  'ballot.receiptNotInBox': 'Your ballot is not in the published ballot box: tell the counting committee.',
  'ballot.receiptInResult': 'Your ballot is in the published result ✓',
  'ballot.secretNote': 'Your ballot is encrypted on your device; the server does not know what you chose.',
  'ballot.level': 'Confidence level for {name}',

  'hall.poll.title': 'Vote',
  'hall.poll.progress': '{cast} / {base} have voted',
  'hall.poll.progressLabel': 'Voting progress',
  'hall.poll.timeLeft': 'Time left',
  'hall.poll.closed': 'The vote has closed',
  'hall.poll.tallying': 'The counting committee is counting',
  'hall.poll.counted': 'The result is ready for the chair to announce',
  'hall.poll.result': 'Result of the vote',
  'hall.poll.elected': 'Elected',
  'hall.poll.noneElected': 'Nobody elected',
  'hall.poll.names': 'Names by choice',
  'hall.poll.nobody': '(none)',
};

const CATALOGUES: Readonly<Record<Lang, Readonly<Record<BallotKey, string>>>> = { vi: ballotVi, en: ballotEn };

export type BallotT = (key: BallotKey, params?: Params) => string;

/** A ballot text with {placeholders} filled (numbers in the language's format). */
export function ballotText(lang: Lang, key: BallotKey, params?: Params): string {
  const template = CATALOGUES[lang][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : typeof v === 'number' ? formatNumber(lang, v) : v;
  });
}

/** The ballot texts in the app's language. */
export function useBallotT(): { readonly bt: BallotT; readonly lang: Lang } {
  const { lang } = useT();
  return { bt: (key, params) => ballotText(lang, key, params), lang };
}
