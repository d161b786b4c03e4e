// `council search`: every meeting in a vault folder (past sessions too), indexed on first use and after each
// new revision, then searched. The same DeviceSearch the app runs (common/device/search.ts).
import { DeviceSearch } from '../../../common/device/search.ts';
import type { SearchOptions, SearchResults } from '../../../common/search/types.ts';
import type { Result } from '../../../common/result.ts';
import { protectorFor, type VaultOptions } from '../vault/documents.ts';
import { nodeDeviceCore } from '../vault/nodeCore.ts';
import { withSqliteDeviceStore } from '../vault/sqliteDeviceStore.ts';
import { nodeTextReader } from './textReader.ts';

const EMPTY: SearchResults = { query: '', documents: [], totalPages: 0, totalHits: 0, unindexed: 0 };

export async function searchVault(dataDir: string, query: string, options: SearchOptions = {}, vault: VaultOptions = {}): Promise<Result<SearchResults>> {
  const answer = await withSqliteDeviceStore(dataDir, false, async (store) => {
    const core = nodeDeviceCore(store, protectorFor(dataDir, vault));
    return new DeviceSearch(core, nodeTextReader(core)).search(query, options);
  });
  return answer ?? { ok: true, value: { ...EMPTY, query } };
}
