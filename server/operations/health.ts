// Whether the service can serve: the database answers and its disk takes writes (free space above
// DISK_RESERVE_MB, the last write did not fail for want of space). Says nothing about cases.
import type { Db } from '../../db/database.ts';
import { databaseAnswers } from '../../db/repositories/health.ts';
import type { StorageWatch } from './storage.ts';

export type HealthCheck = () => { status: 'ok' } | { status: 'unavailable' };

export function healthCheck(db: Db, storage: Pick<StorageWatch, 'writable'>): HealthCheck {
  return () => (databaseAnswers(db) && storage.writable() ? { status: 'ok' } : { status: 'unavailable' });
}
