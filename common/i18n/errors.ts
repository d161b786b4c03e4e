// Short texts for each stable error code, in Vietnamese (default) and English.
import type { ErrorCode } from '../errors.ts';

export type Lang = 'vi' | 'en';

const TEXTS: Readonly<Record<ErrorCode, readonly [vi: string, en: string]>> = {
  INTERNAL: ['Lỗi hệ thống', 'Internal error'],
  BAD_REQUEST: ['Yêu cầu không hợp lệ', 'Bad request'],
  NOT_FOUND: ['Không tìm thấy', 'Not found'],
  UNAUTHORIZED: ['Chưa xác thực hoặc mã truy cập sai', 'Not authenticated or wrong token'],
  FORBIDDEN: ['Không có quyền thực hiện', 'Not allowed'],
  REVOKED: ['Giấy mời đã bị thu hồi', 'The invitation was revoked'],
  TOO_LARGE: ['Dữ liệu quá lớn', 'Too large'],
  RATE_LIMITED: ['Quá nhiều yêu cầu, vui lòng thử lại sau', 'Too many requests, try again later'],
  CONFLICT: ['Xung đột dữ liệu', 'Conflict'],
  NETWORK: ['Không kết nối được máy chủ', 'Cannot reach the server'],
  MEETING_INVALID: ['Hồ sơ kỳ họp có lỗi, chưa tải lên gì', 'The meeting folder has errors; nothing was uploaded'],
  PACK_FORMAT: ['Gói tài liệu sai định dạng', 'Malformed meeting pack'],
  PACK_BAD_SIGNATURE: ['Chữ ký số của gói tài liệu không hợp lệ', 'The meeting pack signature is invalid'],
  PACK_WRONG_PUBLISHER: ['Gói tài liệu không phải do văn phòng phát hành', 'The pack is not from the expected publisher'],
  PACK_TAMPERED: ['Tài liệu đã bị sửa đổi hoặc hỏng', 'A document was tampered with or is damaged'],
  PACK_TRUNCATED: ['Tài liệu bị thiếu phần cuối', 'A document is truncated'],
  PACK_WRONG_KEY: ['Khóa giải mã không đúng', 'Wrong decryption key'],
  PACK_UNSUPPORTED_VERSION: ['Phiên bản gói tài liệu chưa được hỗ trợ, hãy cập nhật ứng dụng', 'Unsupported pack version; update the app'],
  PACK_CHUNK_MISMATCH: ['Dữ liệu tải về không khớp', 'Downloaded data does not match'],
  PACK_PLAINTEXT_MISMATCH: ['Nội dung tài liệu không khớp bản gốc', 'Document content does not match the original'],
  LINK_INVALID: ['Đường dẫn giấy mời không hợp lệ', 'Invalid invitation link'],
  VAULT_NOT_FOUND: ['Không có trong kho tài liệu trên máy', 'Not in the local vault'],
  VAULT_LOCKED: ['Kho tài liệu đang khóa', 'The vault is locked'],
  VAULT_FUTURE_SCHEMA: ['Kho tài liệu do phiên bản mới hơn tạo ra', 'The vault was made by a newer version'],
  NOT_A_READER: ['Tài liệu mật: bạn không có quyền đọc', 'Confidential document: you are not a reader'],
  LEASE_EXPIRED: ['Đã xóa tài liệu khỏi thiết bị vì quá thời hạn không kết nối máy chủ', 'Deleted from this device: it did not reach the server in time'],
  NOT_CHAIR: ['Chỉ chủ tọa được thực hiện', 'Only the chair may do this'],
  COMMAND_INVALID: ['Lệnh không hợp lệ', 'Invalid command'],
  POLL_NOT_FOUND: ['Không tìm thấy cuộc biểu quyết', 'No such poll'],
  POLL_STATE: ['Cuộc biểu quyết không ở bước cho phép thao tác này', 'The poll is not at a step that allows this'],
  POLL_ALREADY_OPEN: ['Đang có một cuộc biểu quyết khác mở; hãy kết thúc nó trước', 'Another poll is open; close it first'],
  POLL_CLOSED: ['Biểu quyết đã kết thúc, phiếu không được ghi nhận', 'The poll has closed; the ballot was not recorded'],
  NO_QUORUM: ['Chưa đủ số đại biểu có mặt để biểu quyết', 'Not enough delegates present to vote'],
  NOT_ELIGIBLE: ['Bạn không có trong danh sách biểu quyết của lần này', 'You are not on the list of voters of this poll'],
  ALREADY_VOTED: ['Bạn đã biểu quyết, không được biểu quyết lại', 'You have already voted; a vote cannot be cast again'],
  BALLOT_INVALID: ['Phiếu không hợp lệ', 'Invalid ballot'],
  COUNTER_KEYS_MISSING: ['Ban kiểm phiếu chưa đủ khóa trên thiết bị; mời các thành viên mở ứng dụng', 'Not every counter has registered a key; ask them to open the app'],
  NOT_COUNTER: ['Chỉ thành viên Ban kiểm phiếu của lần biểu quyết này được thực hiện', 'Only a counter of this poll may do this'],
  ENTRIES_DISAGREE: ['Hai lần nhập phiếu không khớp nhau; hãy kiểm tra lại các phiếu được nêu', 'The two entries disagree; check the ballots listed'],
  NOTE_INVALID: ['Ghi chú bị hỏng hoặc không đúng người viết, đã bỏ qua', 'A note is damaged or not from its author; it was skipped'],
  NOTE_KEYS_MISSING: ['Gói tài liệu này chưa hỗ trợ ghi chú chia sẻ; đề nghị Văn phòng phát hành lại', 'This pack predates shared notes; ask the secretariat to republish'],
  FILE_REJECTED: ['Tệp không dùng được', 'The file cannot be used'],
  BACKUP_INVALID: ['Không mở được bản sao lưu khóa: sai mật khẩu hoặc tệp bị hỏng', 'The key backup does not open: wrong passphrase or a damaged file'],
  DRAFT_CONFLICT: ['Hồ sơ đã được sửa ở nơi khác; hãy tải lại trang', 'The draft was changed elsewhere; reload the page'],
};

export function errorText(lang: Lang, code: ErrorCode): string {
  return TEXTS[code][lang === 'vi' ? 0 : 1];
}
