// The collab-server's store uses the project's one SQL tag (common/sql/tag.ts).
export { all, get, run, sql, sqlId, sqlList, type Query, type SqlValue } from '../../common/sql/tag.ts';
