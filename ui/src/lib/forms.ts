// Form logic shared by the screens: which field an error goes beside, what Enter and Escape do,
// how progress and batch outcomes read. Values typed stay in the components' state; nothing here
// clears them, and no rule of the CCAS lives here (Rust decides and explains).

import type { FieldError } from "./bindings/FieldError";

/** Errors keyed by field name; `form` is the error of the whole form. */
export type FieldErrors = Record<string, string>;

export const FORM = "form";

/**
 * The errors to show after a command failed: a `FieldError` from Rust goes beside its field (or
 * `fallbackField`, else the whole form); a plain French message goes beside `fallbackField`.
 */
export function errorsFrom(error: unknown, fallbackField: string = FORM): FieldErrors {
  if (isFieldError(error)) {
    return { [error.field ?? fallbackField]: error.message };
  }
  if (typeof error === "string") return { [fallbackField]: error };
  if (error instanceof Error) return { [fallbackField]: error.message };
  return { [fallbackField]: "Une erreur inattendue est survenue." };
}

function isFieldError(error: unknown): error is FieldError {
  return (
    typeof error === "object" &&
    error !== null &&
    "message" in error &&
    typeof (error as { message: unknown }).message === "string" &&
    "field" in error
  );
}

/** The id of a field's error text, for `aria-describedby` (`erreur-year`). */
export function errorId(field: string): string {
  return `erreur-${field}`;
}

export interface FormKeys {
  submit: () => void;
  cancel: () => void;
}

/**
 * What a key does in a form: Enter validates (not in a multi-line text, not on a button, which
 * Enter already presses), Escape cancels. Returns true when the key was handled.
 */
export function handleFormKey(
  event: Pick<KeyboardEvent, "key" | "shiftKey" | "isComposing" | "preventDefault"> & {
    target: EventTarget | null;
  },
  keys: FormKeys,
): boolean {
  if (event.isComposing) return false;
  const tag = (event.target as { tagName?: string } | null)?.tagName ?? "";
  if (event.key === "Enter" && !event.shiftKey) {
    if (tag === "TEXTAREA" || tag === "BUTTON" || tag === "A") return false;
    event.preventDefault();
    keys.submit();
    return true;
  }
  if (event.key === "Escape") {
    event.preventDefault();
    keys.cancel();
    return true;
  }
  return false;
}

/** Whole percent of work done, 0 to 100 (0 when nothing is known yet). */
export function percent(done: number, total: number): number {
  if (!(total > 0) || !(done > 0)) return 0;
  return Math.min(100, Math.floor((done * 100) / total));
}

/** `1 234` with the narrow no-break space of French numbers. */
export function formatCount(value: number): string {
  return Math.trunc(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, "\u202f");
}

/** `3 sur 40` (with the French plural of the unit given: `fichier` → `fichiers`). */
export function progressText(done: number, total: number, unit: string): string {
  const noun = total > 1 ? `${unit}s` : unit;
  return `${formatCount(done)} sur ${formatCount(total)} ${noun}`;
}

/** `1 demande`, `38 demandes`, `aucune demande`. */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  if (count === 0) return `aucun${singular.endsWith("e") ? "e" : ""} ${singular}`;
  return `${formatCount(count)} ${count === 1 ? singular : plural}`;
}

/** How many of a batch went through and how many were refused. */
export function tally<T extends { error: string | null }>(
  items: readonly T[],
): { ok: number; refused: number } {
  const refused = items.filter((item) => item.error !== null).length;
  return { ok: items.length - refused, refused };
}
