// How the status bar and the Synchronisation screen write the sync status in French. They only
// format what Rust computed (the counts, the last sync, online or not); no rule lives here.

import { countOf, formatCount } from "./forms";
import { formatDate, formatTimestamp } from "./format";
import type { ConflictPerson } from "./bindings/ConflictPerson";
import type { ConflictVoucher } from "./bindings/ConflictVoucher";
import type { SyncDone } from "./bindings/SyncDone";
import type { SyncStatusView } from "./bindings/SyncStatusView";

/** The connection in a word or two: `Non inscrit`, `En ligne`, `Hors ligne`, `Synchronisation…`. */
export function connectionLabel(status: SyncStatusView): string {
  if (!status.enrolled) return "Non inscrit";
  if (status.running) return "Synchronisation…";
  if (status.online === true) return "En ligne";
  if (status.online === false) return "Hors ligne";
  return "Connexion non vérifiée";
}

/** The tone of the connection, for its colour: `ok`, `off` or `neutral`. */
export function connectionTone(status: SyncStatusView): "ok" | "off" | "neutral" {
  if (!status.enrolled || status.running || status.online === null) return "neutral";
  return status.online ? "ok" : "off";
}

/** `dernière synchro 25/11/2026 14:02` (short, for the status bar), or `jamais synchronisé`. */
export function lastSyncText(lastSyncAt: string | null): string {
  if (lastSyncAt === null) return "jamais synchronisé";
  const when = formatTimestamp(lastSyncAt);
  return `dernière synchro ${when.replace(" à ", " ")}`;
}

/** `3 en attente`, `rien en attente`. */
export function pendingText(pending: number): string {
  return pending === 0 ? "rien en attente" : `${countOf(pending, "envoi")} en attente`;
}

/** `1 conflit ouvert`, `5 conflits ouverts`, `aucun conflit`. */
export function conflictsText(open: number): string {
  if (open === 0) return "aucun conflit";
  return open === 1 ? "1 conflit ouvert" : `${countOf(open, "conflit")} ouverts`;
}

/** `1 reçu non appliqué`, `3 reçus non appliqués`: events of other desks this desk could not apply. */
export function unappliedText(count: number): string {
  return count === 1 ? "1 reçu non appliqué" : `${formatCount(count)} reçus non appliqués`;
}

/** A desk's number as it is printed everywhere: `guichet 02`. */
export function deskText(desk: number): string {
  return `guichet ${String(desk).padStart(2, "0")}`;
}

/** What a run did: `Synchronisé : 12 envois, 3 reçus, 1 conflit ouvert.` */
export function outcomeText(done: SyncDone): string {
  const parts = [
    countOf(done.pushed, "envoi"),
    done.pulled === 0 ? "rien reçu" : `${countOf(done.pulled, "reçu", "reçus")}`,
  ];
  if (done.pending > 0) parts.push(pendingText(done.pending));
  parts.push(conflictsText(done.conflicts));
  return `Synchronisé : ${parts.join(", ")}.`;
}

/** `Maël Le Goff, né(e) le 12/05/2017 (P-02-000004, guichet 02)`. */
export function personText(person: ConflictPerson): string {
  return (
    `${person.first_name} ${person.last_name}, né(e) le ${formatDate(person.birth_date)} ` +
    `(${person.number}, guichet ${person.desk})`
  );
}

/** `Pass'Loisirs 2025 n° 2025-PL-02-000001, guichet 02 — annulé (doublon)`. */
export function voucherText(voucher: ConflictVoucher): string {
  const status =
    voucher.status === "voided"
      ? `annulé${voucher.void_reason ? ` (${voucher.void_reason})` : ""}`
      : "émis";
  return `${voucher.scheme} ${voucher.year} n° ${voucher.number}, guichet ${voucher.desk} — ${status}`;
}
