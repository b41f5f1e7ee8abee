// Display helpers: how the desk app writes dates, amounts and statuses in French.
// They only format what Rust computed; no rule lives here.

/** Narrow no-break space between thousands, as in `18 456,00 €` (same as guichet-core's money). */
export const THOUSANDS_SEPARATOR = "\u202f";
/** No-break space before the euro sign. */
export const EURO_SPACE = "\u00a0";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Writes an ISO date (`2025-06-15`, as Rust serializes a `NaiveDate`) the French way: `15/06/2025`.
 * Anything else is returned unchanged, so that a surprise shows instead of disappearing.
 */
export function formatDate(iso: string | null | undefined): string {
  if (iso == null) return "";
  const match = ISO_DATE.exec(iso);
  if (!match) return iso;
  const [, year, month, day] = match;
  return `${day}/${month}/${year}`;
}

/** Writes integer cents as euros: `80,00 €`, `18 456,00 €`, `-5,00 €`. */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) {
    throw new RangeError(`amount in cents must be a whole number, got ${cents}`);
  }
  const sign = cents < 0 ? "-" : "";
  const absolute = Math.abs(cents);
  const euros = Math.floor(absolute / 100).toString();
  const rest = (absolute % 100).toString().padStart(2, "0");
  const grouped = euros.replace(/\B(?=(\d{3})+(?!\d))/g, THOUSANDS_SEPARATOR);
  return `${sign}${grouped},${rest}${EURO_SPACE}€`;
}

/** The status of a checklist item, as Rust serializes it. */
export type ItemStatus = "valid" | "missing" | "expired" | "wrong_year" | "inconsistent";

const STATUS_LABELS: Record<ItemStatus, string> = {
  valid: "valide",
  missing: "manquant",
  expired: "périmé",
  wrong_year: "mauvaise année",
  inconsistent: "incohérent",
};

/** The French word for a checklist status (`périmé`); an unknown status is shown as it came. */
export function statusLabel(status: string): string {
  return (STATUS_LABELS as Record<string, string>)[status] ?? status;
}

/** Joins names the French way: `Karim Benali et Sarah Martin`, `A, B et C`. */
export function joinFrench(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} et ${items[items.length - 1]}`;
}

const TIMESTAMP_FORMAT = new Intl.DateTimeFormat("fr-FR", {
  timeZone: "Europe/Paris",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/**
 * Writes a UTC timestamp (RFC 3339, as the journal records it) at the desk's time, Europe/Paris:
 * `15/06/2025 à 14:05`. Anything else is returned unchanged.
 */
export function formatTimestamp(rfc3339: string): string {
  const time = Date.parse(rfc3339);
  if (Number.isNaN(time)) return rfc3339;
  const parts = Object.fromEntries(
    TIMESTAMP_FORMAT.formatToParts(new Date(time)).map((part) => [part.type, part.value]),
  );
  return `${parts.day}/${parts.month}/${parts.year} à ${parts.hour}:${parts.minute}`;
}

/** Parts as the French write them: `2`, `2,5`, `3,75`. */
export function formatParts(parts: number): string {
  return parts.toString().replace(".", ",");
}
