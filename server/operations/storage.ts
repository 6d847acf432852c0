// Whether the disk under DATA_DIR can take more: its free space against the configured reserve
// (DISK_RESERVE_MB, by statfs: one system call, ~5 µs) and whether the last write failed for want
// of space. New reports are refused with storage.full while either holds, before the reserve is
// gone rather than after; health says so on both listeners; it clears by itself once space is
// freed. The log says when it turns, with sizes only.
import { statfsSync } from 'node:fs';
import type { Logger } from 'pino';
import { isStorageFailure, walSizeLimitBytes } from '../../db/report-writer.ts';
import { errors } from '../http/errors.ts';

export type StorageWatch = {
  /** Throws storage.full while new writes must be refused (free space below the reserve, or the last write failed). */
  admitWrite: () => void;
  /** Notes a failed write; true when the disk refused it (full or failing): writes then fail until space is freed. */
  writeFailed: (error: unknown) => boolean;
  /** A write went through: the disk takes writes again. */
  writeSucceeded: () => void;
  /** Whether writes can go through now (health). */
  writable: () => boolean;
  stop: () => void;
};

export type StorageOptions = {
  /** The directory whose filesystem is watched; none (in-memory databases) watches failed writes only. */
  dataDir?: string;
  /** Free bytes below which new reports are refused. */
  reserveBytes: number;
  logger: Logger;
  /** How often the free space is looked at without any request asking (so the warning comes on a quiet server too). */
  checkEveryMs?: number;
  now?: () => number;
  /** Free bytes for unprivileged writers on `dir`'s filesystem (tests replace it). */
  freeBytes?: (dir: string) => number;
};

const mib = 1024 * 1024;
const inMiB = (bytes: number) => Math.floor(bytes / mib);
/** Closer than this above the reserve, every decision looks at the disk again: a flood fills ~100 MB a second. */
const nearBytes = 256 * mib;
/** Otherwise the disk is looked at once a second at most. */
const freshMs = 1000;
/**
 * Refusing stops once this much more than the reserve is free, and after a failed write writes are
 * tried again once this much came free (or after `retryMs`: an I/O error may pass): room for a
 * full WAL, so the space its own checkpoint gives back does not flip the service to and fro.
 */
const hysteresisBytes = walSizeLimitBytes;
const retryMs = 30_000;

function statfsFree(dir: string): number {
  const stats = statfsSync(dir);
  return stats.bavail * stats.bsize;
}

export function createStorageWatch(options: StorageOptions): StorageWatch {
  const { dataDir, reserveBytes, logger } = options;
  const now = options.now ?? Date.now;
  const freeBytes = options.freeBytes ?? statfsFree;
  let free: number | null = null;
  let checkedAt = -Infinity;
  let low = false;
  let failure: { at: number; free: number } | null = null;
  let unreadable = false;

  function measure(): void {
    if (dataDir === undefined) return;
    let bytes: number;
    try {
      bytes = freeBytes(dataDir);
    } catch (error) {
      if (!unreadable) logger.warn({ event: 'storage.unknown', code: (error as { code?: unknown }).code }, 'cannot read the free space of DATA_DIR');
      unreadable = true;
      return;
    }
    unreadable = false;
    free = bytes;
    checkedAt = now();
    const wasLow = low;
    low = bytes < reserveBytes + (wasLow ? hysteresisBytes : 0);
    if (low && !wasLow) {
      logger.warn({ event: 'storage.low', freeMiB: inMiB(bytes), reserveMiB: inMiB(reserveBytes) }, 'free space on DATA_DIR is below DISK_RESERVE_MB: new reports are refused until space is freed');
    } else if (!low && wasLow) {
      logger.info({ event: 'storage.recovered', freeMiB: inMiB(bytes), reserveMiB: inMiB(reserveBytes) }, 'free space on DATA_DIR is above DISK_RESERVE_MB again: reports are accepted');
    }
    if (failure && bytes >= failure.free + hysteresisBytes) {
      failure = null;
      logger.info({ event: 'storage.retry', freeMiB: inMiB(bytes) }, 'space was freed on DATA_DIR since a write failed: writes are tried again');
    }
  }

  function fresh(): void {
    if (failure && now() - failure.at >= retryMs) {
      failure = null;
      logger.info({ event: 'storage.retry' }, 'a while passed since a write failed: writes are tried again');
    }
    const near = free === null || failure !== null || free < reserveBytes + nearBytes;
    if (near || now() - checkedAt >= freshMs) measure();
  }

  measure();
  const timer = dataDir === undefined ? undefined : setInterval(measure, options.checkEveryMs ?? 10_000);
  timer?.unref();

  return {
    admitWrite: () => {
      fresh();
      if (low || failure) throw errors.storageFull();
    },
    writeFailed: (error) => {
      if (!isStorageFailure(error)) return false;
      measure();
      if (!failure) {
        const code = (error as { code?: unknown }).code;
        logger.error({ event: 'storage.write_failed', code, ...(free === null ? {} : { freeMiB: inMiB(free) }) }, 'a write failed: the disk under DATA_DIR is full or failing; new reports are refused until space is freed');
      }
      failure = { at: now(), free: free ?? 0 };
      return true;
    },
    writeSucceeded: () => {
      if (!failure) return;
      failure = null;
      logger.info({ event: 'storage.recovered' }, 'writes go through again');
    },
    writable: () => {
      fresh();
      return !low && !failure;
    },
    stop: () => clearInterval(timer),
  };
}
