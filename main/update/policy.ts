import semver from 'semver';
import type { RestartDecision, UpdateChannel, UpdateStatus } from '../../src/common/api';

export type { RestartDecision, UpdateChannel, UpdateStatus };

/** Checked at start and every six hours after the last check, whatever its outcome. */
export const CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;
/** A check that failed (offline, GitHub down) is retried sooner, but not in a tight loop. */
export const RETRY_AFTER_FAILURE_MS = 30 * 60 * 1000;

/** Milliseconds until the next check is due, 0 meaning now. */
export function nextCheckIn(status: UpdateStatus, now: number): number | null {
  switch (status.state) {
    case 'idle':
      return status.lastCheckedAt === null ? 0 : Math.max(0, status.lastCheckedAt + CHECK_INTERVAL_MS - now);
    case 'failed':
      return Math.max(0, status.failedAt + RETRY_AFTER_FAILURE_MS - now);
    default:
      // A check, a download or a ready update is already in hand.
      return null;
  }
}

/**
 * Whether a version from the feed is one to take: newer than what runs, and a prerelease only
 * for those on the beta channel. A beta user is never moved to an older stable build.
 */
export function shouldTake(current: string, offered: string, channel: UpdateChannel): boolean {
  if (!semver.valid(offered) || !semver.valid(current)) return false;
  if (semver.prerelease(offered) && channel !== 'beta') return false;
  return semver.gt(offered, current);
}

/**
 * When an update that is ready may restart the app. It never happens in the middle of a task
 * unless the owner said so; when the owner asked while a task runs, they are asked to confirm.
 */
export function restartDecision(input: { ready: boolean; taskRunning: boolean; ownerConsented: boolean }): RestartDecision {
  if (!input.ready) return { action: 'wait', reason: 'No update has finished downloading yet.' };
  if (!input.taskRunning || input.ownerConsented) return { action: 'restart' };
  return {
    action: 'ask',
    reason: 'A task is running: restarting now abandons it and it is given to another node. Restart anyway?',
  };
}

/** electron-updater's channel for ours: stable reads latest*.yml, beta reads beta*.yml. */
export function feedChannel(channel: UpdateChannel): 'latest' | 'beta' {
  return channel === 'beta' ? 'beta' : 'latest';
}
