// The secret-ballot device module's records (common/voting/secretClient.ts DeviceRecords) over the Platform's
// per-meeting records. A platform without them gets records in memory: they survive a re-render, not a reload,
// and `persistent` says so, so the screen can tell the voter to note the tracker.
import { memoryRecords, type DeviceRecords } from '../../common/voting/secretClient.ts';
import { CouncilError } from '../../common/result.ts';
import type { Platform } from './Platform.ts';

export interface MeetingRecords extends DeviceRecords {
  readonly persistent: boolean;
}

export function meetingRecords(platform: Pick<Platform, 'records'>, meetingId: string): MeetingRecords {
  const records = platform.records;
  if (!records) return { ...memoryRecords(), persistent: false };
  return {
    persistent: true,
    async get(kind, key) {
      const r = await records.get(meetingId, kind, key);
      if (!r.ok) throw new CouncilError(r.error.code, r.error.message);
      return r.value;
    },
    async put(kind, key, value) {
      const r = await records.put(meetingId, kind, key, value);
      if (!r.ok) throw new CouncilError(r.error.code, r.error.message);
    },
  };
}
