// Whether the service can serve: the database answers. Says nothing about cases.
import type { Db } from '../../db/database.ts';
import { databaseAnswers } from '../../db/repositories/health.ts';

export type HealthCheck = () => { status: 'ok' } | { status: 'unavailable' };

export function healthCheck(db: Db): HealthCheck {
  return () => (databaseAnswers(db) ? { status: 'ok' } : { status: 'unavailable' });
}
