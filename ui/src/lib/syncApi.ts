// The desk app's commands of synchronisation and conflicts (src-tauri's `sync` and `conflicts`),
// and the event by which the background sync tells the window its status changed.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { ConflictsScreen } from "./bindings/ConflictsScreen";
import type { Resolution } from "./bindings/Resolution";
import type { SyncDone } from "./bindings/SyncDone";
import type { SyncStatusView } from "./bindings/SyncStatusView";

export const SYNC_STATUS_EVENT = "sync-status";

export function syncStatus(): Promise<SyncStatusView> {
  return invoke<SyncStatusView>("sync_status");
}

/** One sync run now (it waits for a background run to end first). */
export function syncNow(): Promise<SyncDone> {
  return invoke<SyncDone>("sync_now");
}

export function enrol(
  central: string,
  code: string,
  authorityFile: string | null,
): Promise<SyncStatusView> {
  return invoke<SyncStatusView>("enrol", {
    enrolment: { central, code, authority_file: authorityFile },
  });
}

/** The PEM file of the CCAS's certificate authority, chosen in a file dialog (null: cancelled). */
export function chooseAuthorityFile(): Promise<string | null> {
  return invoke<string | null>("choose_authority_file");
}

export function conflicts(): Promise<ConflictsScreen> {
  return invoke<ConflictsScreen>("conflicts");
}

export function resolveConflict(id: number, resolution: Resolution): Promise<ConflictsScreen> {
  return invoke<ConflictsScreen>("resolve_conflict", { id, resolution });
}

export function onSyncStatus(handler: (status: SyncStatusView) => void): Promise<UnlistenFn> {
  return listen<SyncStatusView>(SYNC_STATUS_EVENT, (event) => handler(event.payload));
}
