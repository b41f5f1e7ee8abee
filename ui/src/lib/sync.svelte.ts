// The sync state the status bar and the Synchronisation screen share: the status (refreshed by the
// background thread's events, by a run, and every few seconds for the agent's own new events), the
// run asked from the window, and its outcome in French.
import { errorMessage } from "./api";
import type { SyncStatusView } from "./bindings/SyncStatusView";
import { onSyncStatus, syncNow, syncStatus } from "./syncApi";
import { outcomeText } from "./syncStatus";

/** How often the window reads the status itself (events waiting grow with the agent's work). */
const REFRESH_EVERY_MS = 10_000;
/** How long a successful run's outcome stays shown. */
const SUCCESS_SHOWN_MS = 20_000;

export const sync = $state({
  status: null as SyncStatusView | null,
  /** A run asked from this window is going on. */
  asked: false,
  /** The last run's outcome: `ok` tells whether it succeeded. */
  outcome: null as { ok: boolean; message: string } | null,
});

export async function refreshSync(): Promise<void> {
  try {
    sync.status = await syncStatus();
  } catch {
    // No case file open yet: the status bar shows nothing of sync.
  }
}

/** Synchroniser: one run; the outcome says what happened, in French. */
export async function synchronise(): Promise<void> {
  if (sync.asked) return;
  sync.asked = true;
  sync.outcome = null;
  if (sync.status) sync.status = { ...sync.status, running: true };
  try {
    const outcome = { ok: true, message: outcomeText(await syncNow()) };
    sync.outcome = outcome;
    // A success is read at a glance and then gets out of the way; an error stays until closed.
    setTimeout(() => {
      if (sync.outcome?.message === outcome.message && sync.outcome.ok) sync.outcome = null;
    }, SUCCESS_SHOWN_MS);
  } catch (failure) {
    sync.outcome = { ok: false, message: errorMessage(failure) };
  } finally {
    sync.asked = false;
    await refreshSync();
  }
}

/** Listens to the background thread and reads the status now and then; returns the stop. */
export function followSync(): () => void {
  let stopped = false;
  let unlisten: (() => void) | null = null;
  void onSyncStatus((status) => {
    sync.status = status;
  }).then((stop) => {
    if (stopped) stop();
    else unlisten = stop;
  });
  void refreshSync();
  const timer = setInterval(() => void refreshSync(), REFRESH_EVERY_MS);
  return () => {
    stopped = true;
    clearInterval(timer);
    unlisten?.();
  };
}
