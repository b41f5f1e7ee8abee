// The desk app's commands for Accueil's recent files and imports, Campagnes and Paramètres (the
// types are generated from Rust by ts-rs in ./bindings). Long commands report progress as Tauri
// events; `onProgress` listens to them.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { CampaignPlanView } from "./bindings/CampaignPlanView";
import type { CampaignProgressView } from "./bindings/CampaignProgressView";
import type { CampaignScreen } from "./bindings/CampaignScreen";
import type { CampaignSummary } from "./bindings/CampaignSummary";
import type { ImportOutcome } from "./bindings/ImportOutcome";
import type { ImportProgress } from "./bindings/ImportProgress";
import type { RecentFile } from "./bindings/RecentFile";
import type { RequestPreview } from "./bindings/RequestPreview";
import type { SettingsView } from "./bindings/SettingsView";

export function recentFiles(): Promise<RecentFile[]> {
  return invoke<RecentFile[]>("recent_files");
}

/** Opens the file dialog; the previews of the chosen requests (none when cancelled). */
export function pickRequests(): Promise<RequestPreview[]> {
  return invoke<RequestPreview[]>("pick_requests");
}

export function importRequests(paths: string[]): Promise<ImportOutcome[]> {
  return invoke<ImportOutcome[]>("import_requests", { request: { paths } });
}

export function campaignScreen(year: number | null): Promise<CampaignScreen> {
  return invoke<CampaignScreen>("campaign_screen", { year });
}

export function campaignPlan(scheme: string, year: number): Promise<CampaignPlanView> {
  return invoke<CampaignPlanView>("campaign_plan", { scheme, year });
}

export function campaignRun(
  scheme: string,
  year: number,
  overrideReason: string | null,
): Promise<CampaignSummary> {
  return invoke<CampaignSummary>("campaign_run", { scheme, year, overrideReason });
}

/** Opens the save dialog and writes the last campaign's PDF; its path, or null when cancelled. */
export function campaignSavePdf(): Promise<string | null> {
  return invoke<string | null>("campaign_save_pdf");
}

export function settings(): Promise<SettingsView> {
  return invoke<SettingsView>("settings");
}

export function addAgent(name: string, supervisor: boolean): Promise<SettingsView> {
  return invoke<SettingsView>("add_agent", { agent: { name, supervisor } });
}

export function changeSite(site: string): Promise<SettingsView> {
  return invoke<SettingsView>("change_site", { site });
}

export const IMPORT_PROGRESS = "import-progress";
export const CAMPAIGN_PROGRESS = "campaign-progress";

export function onImportProgress(handler: (p: ImportProgress) => void): Promise<UnlistenFn> {
  return listen<ImportProgress>(IMPORT_PROGRESS, (event) => handler(event.payload));
}

export function onCampaignProgress(
  handler: (p: CampaignProgressView) => void,
): Promise<UnlistenFn> {
  return listen<CampaignProgressView>(CAMPAIGN_PROGRESS, (event) => handler(event.payload));
}
