// Reading what an agent types: dates as `25/11/2026`, amounts as `80,00 €` or `18 456`. Each reader
// returns the value in the shape Rust expects (ISO date, integer cents) or a French message to show
// beside the field. They read; they decide nothing (the rules are Rust's).

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(error: string): Parsed<T> => ({ ok: false, error });

const FRENCH_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** `25/11/2026` → `2026-11-25`; a date that does not exist (31/02) is refused. */
export function parseFrenchDate(text: string): Parsed<string> {
  const trimmed = text.trim();
  if (trimmed === "") return fail("Date à renseigner (jj/mm/aaaa).");
  const match = FRENCH_DATE.exec(trimmed);
  if (!match) return fail(`« ${trimmed} » n'est pas une date : écrivez-la jj/mm/aaaa (25/11/2026).`);
  const day = Number(match[1]);
  const month = Number(match[2]);
  const year = Number(match[3]);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  ) {
    return fail(`Le ${trimmed} n'existe pas : vérifiez le jour et le mois.`);
  }
  const pad = (n: number) => n.toString().padStart(2, "0");
  return ok(`${year}-${pad(month)}-${pad(day)}`);
}

/** Like `parseFrenchDate`, but an empty field means no date (`null`). */
export function parseOptionalDate(text: string): Parsed<string | null> {
  if (text.trim() === "") return ok(null);
  return parseFrenchDate(text);
}

const AMOUNT = /^(-?)(\d{1,3}(?:[ \u00a0\u202f.]\d{3})*|\d+)(?:,(\d{1,2}))?$/;

/**
 * `18 456,00 €`, `18456`, `80,5` → integer cents. Spaces (also no-break ones) or dots may group
 * thousands; the comma marks the cents. Negative amounts are refused unless `allowNegative`.
 */
export function parseEuros(text: string, allowNegative = false): Parsed<number> {
  const trimmed = text.trim().replace(/\s*€$/, "").trim();
  if (trimmed === "") return fail("Montant à renseigner (par exemple 18 456,00 €).");
  const match = AMOUNT.exec(trimmed);
  if (!match) {
    return fail(`« ${text.trim()} » n'est pas un montant : écrivez-le 18 456,00 €.`);
  }
  const [, sign, euros, cents = ""] = match;
  if (sign === "-" && !allowNegative) return fail("Un montant ne peut pas être négatif.");
  const whole = Number(euros.replace(/[ \u00a0\u202f.]/g, ""));
  const value = whole * 100 + Number(cents.padEnd(2, "0"));
  if (!Number.isSafeInteger(value)) return fail("Montant trop grand.");
  return ok(sign === "-" ? -value : value);
}

/** Writes cents back as the agent types them: `18456,00` (for a field being edited). */
export function centsForInput(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const absolute = Math.abs(cents);
  return `${sign}${Math.floor(absolute / 100)},${(absolute % 100).toString().padStart(2, "0")}`;
}

/** Writes an ISO date back as the agent types it (`25/11/2026`); empty for none. */
export function dateForInput(iso: string | null | undefined): string {
  if (!iso) return "";
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : iso;
}

/** A whole number in a range (a year, a rate), or a French message. */
export function parseWhole(text: string, min: number, max: number, what: string): Parsed<number> {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return fail(`${what} : un nombre entier est attendu.`);
  const value = Number(trimmed);
  if (value < min || value > max) return fail(`${what} : entre ${min} et ${max}.`);
  return ok(value);
}

/** Parts as the French write them (`2,5`), for the informative parts of a tax notice. */
export function parseParts(text: string): Parsed<number | null> {
  const trimmed = text.trim();
  if (trimmed === "") return ok(null);
  if (!/^\d+(?:[,.]\d{1,2})?$/.test(trimmed)) {
    return fail(`« ${trimmed} » n'est pas un nombre de parts (par exemple 2,5).`);
  }
  return ok(Number(trimmed.replace(",", ".")));
}
