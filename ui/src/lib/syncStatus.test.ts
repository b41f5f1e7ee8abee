import { describe, expect, it } from "vitest";
import type { SyncStatusView } from "./bindings/SyncStatusView";
import {
  conflictsText,
  connectionLabel,
  deskText,
  connectionTone,
  lastSyncText,
  outcomeText,
  pendingText,
  personText,
  unappliedText,
  voucherText,
} from "./syncStatus";

const ENROLLED: SyncStatusView = {
  enrolled: true,
  central: "http://127.0.0.1:8443",
  online: true,
  running: false,
  last_sync_at: "2026-11-25T13:02:41Z",
  last_error: null,
  pending: 0,
  open_conflicts: 0,
  unapplied: 0,
};

describe("the connection", () => {
  it("says whether the desk is enrolled, online, offline or syncing", () => {
    expect(connectionLabel({ ...ENROLLED, enrolled: false, online: null })).toBe("Non inscrit");
    expect(connectionLabel(ENROLLED)).toBe("En ligne");
    expect(connectionLabel({ ...ENROLLED, online: false })).toBe("Hors ligne");
    expect(connectionLabel({ ...ENROLLED, online: null })).toBe("Connexion non vérifiée");
    expect(connectionLabel({ ...ENROLLED, online: false, running: true })).toBe(
      "Synchronisation…",
    );
  });

  it("is green online, red offline, neutral otherwise", () => {
    expect(connectionTone(ENROLLED)).toBe("ok");
    expect(connectionTone({ ...ENROLLED, online: false })).toBe("off");
    expect(connectionTone({ ...ENROLLED, running: true })).toBe("neutral");
    expect(connectionTone({ ...ENROLLED, enrolled: false, online: null })).toBe("neutral");
  });
});

describe("the last sync", () => {
  it("is written at the desk's time, in winter and in summer", () => {
    expect(lastSyncText("2026-11-25T13:02:41Z")).toBe("dernière synchro 25/11/2026 14:02");
    expect(lastSyncText("2026-07-01T22:30:00Z")).toBe("dernière synchro 02/07/2026 00:30");
  });

  it("says when the desk never synced", () => {
    expect(lastSyncText(null)).toBe("jamais synchronisé");
  });
});

describe("counts", () => {
  it("reads events waiting and conflicts in French, singular and plural", () => {
    expect(pendingText(0)).toBe("rien en attente");
    expect(pendingText(1)).toBe("1 envoi en attente");
    expect(pendingText(1234)).toBe("1\u202f234 envois en attente");
    expect(conflictsText(0)).toBe("aucun conflit");
    expect(conflictsText(1)).toBe("1 conflit ouvert");
    expect(conflictsText(5)).toBe("5 conflits ouverts");
    expect(unappliedText(1)).toBe("1 reçu non appliqué");
    expect(unappliedText(1234)).toBe("1\u202f234 reçus non appliqués");
    expect(deskText(2)).toBe("guichet 02");
    expect(deskText(17)).toBe("guichet 17");
  });

  it("sums up a run", () => {
    expect(outcomeText({ pushed: 12, pulled: 3, pending: 0, conflicts: 1 })).toBe(
      "Synchronisé : 12 envois, 3 reçus, 1 conflit ouvert.",
    );
    expect(outcomeText({ pushed: 0, pulled: 0, pending: 2, conflicts: 0 })).toBe(
      "Synchronisé : aucun envoi, rien reçu, 2 envois en attente, aucun conflit.",
    );
    expect(outcomeText({ pushed: 1, pulled: 1, pending: 0, conflicts: 5 })).toBe(
      "Synchronisé : 1 envoi, 1 reçu, 5 conflits ouverts.",
    );
  });
});

describe("the parties of a conflict", () => {
  it("names a person with their birth date, number and desk", () => {
    expect(
      personText({
        number: "P-02-000004",
        first_name: "Maël",
        last_name: "Le Goff",
        birth_date: "2017-05-12",
        desk: "02",
        household: "F-02-000001",
      }),
    ).toBe("Maël Le Goff, né(e) le 12/05/2017 (P-02-000004, guichet 02)");
  });

  it("names a voucher with its scheme, year, number, desk and status", () => {
    const voucher = {
      number: "PL-2025-02-000001-45",
      desk: "02",
      scheme: "Pass'Loisirs",
      year: 2025,
      beneficiary: "P-02-000004",
      status: "issued",
      void_reason: null,
    };
    expect(voucherText(voucher)).toBe(
      "Pass'Loisirs 2025 n° PL-2025-02-000001-45, guichet 02 — émis",
    );
    expect(voucherText({ ...voucher, status: "voided", void_reason: "doublon" })).toBe(
      "Pass'Loisirs 2025 n° PL-2025-02-000001-45, guichet 02 — annulé (doublon)",
    );
  });
});
