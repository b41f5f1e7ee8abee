// The desk app's commands (src-tauri), one function each. Every error comes back from Rust as a
// whole French sentence, ready to show.
import { invoke } from "@tauri-apps/api/core";
import type { DeskStatus, HouseholdView, SearchResult } from "./types";

export function search(text: string): Promise<SearchResult[]> {
  return invoke<SearchResult[]>("search", { text });
}

export function household(number: string): Promise<HouseholdView> {
  return invoke<HouseholdView>("household", { number });
}

export function status(): Promise<DeskStatus> {
  return invoke<DeskStatus>("status");
}

/** The French message of a failed command (Rust serializes its errors as a string). */
export function errorMessage(error: unknown): string {
  if (typeof error === "string") return error;
  if (error instanceof Error) return error.message;
  return "Une erreur inattendue est survenue.";
}
