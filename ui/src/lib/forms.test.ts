import { describe, expect, it } from "vitest";
import {
  countOf,
  errorsFrom,
  formatCount,
  handleFormKey,
  percent,
  progressText,
  tally,
} from "./forms";

function key(keyName: string, tagName = "INPUT", extra: Partial<KeyboardEvent> = {}) {
  let prevented = false;
  return {
    event: {
      key: keyName,
      shiftKey: false,
      isComposing: false,
      target: { tagName } as unknown as EventTarget,
      preventDefault: () => {
        prevented = true;
      },
      ...extra,
    },
    prevented: () => prevented,
  };
}

describe("errorsFrom", () => {
  it("puts Rust's field error beside its field", () => {
    expect(errorsFrom({ field: "year", message: "Choisissez 2026." })).toEqual({
      year: "Choisissez 2026.",
    });
  });
  it("puts a field error without field beside the fallback field", () => {
    expect(errorsFrom({ field: null, message: "Refusé." }, "name")).toEqual({ name: "Refusé." });
  });
  it("puts a plain message beside the fallback field, else the form", () => {
    expect(errorsFrom("Nom déjà pris.", "name")).toEqual({ name: "Nom déjà pris." });
    expect(errorsFrom("Refusé.")).toEqual({ form: "Refusé." });
    expect(errorsFrom(42)).toEqual({ form: "Une erreur inattendue est survenue." });
  });
});

describe("handleFormKey", () => {
  it("validates on Enter in a field and cancels on Escape", () => {
    const calls: string[] = [];
    const keys = { submit: () => calls.push("submit"), cancel: () => calls.push("cancel") };
    const enter = key("Enter");
    expect(handleFormKey(enter.event, keys)).toBe(true);
    expect(enter.prevented()).toBe(true);
    const escape = key("Escape", "SELECT");
    expect(handleFormKey(escape.event, keys)).toBe(true);
    expect(calls).toEqual(["submit", "cancel"]);
  });
  it("leaves Enter to buttons, text areas and Shift+Enter", () => {
    const calls: string[] = [];
    const keys = { submit: () => calls.push("submit"), cancel: () => calls.push("cancel") };
    expect(handleFormKey(key("Enter", "BUTTON").event, keys)).toBe(false);
    expect(handleFormKey(key("Enter", "TEXTAREA").event, keys)).toBe(false);
    expect(handleFormKey(key("Enter", "INPUT", { shiftKey: true }).event, keys)).toBe(false);
    expect(handleFormKey(key("a").event, keys)).toBe(false);
    expect(calls).toEqual([]);
  });
});

describe("progress", () => {
  it("rounds down and stays within 0 and 100", () => {
    expect(percent(0, 0)).toBe(0);
    expect(percent(1, 3)).toBe(33);
    expect(percent(2, 3)).toBe(66);
    expect(percent(5, 4)).toBe(100);
    expect(percent(99_999, 100_000)).toBe(99);
  });
  it("reads in French", () => {
    expect(formatCount(100000)).toBe("100\u202f000");
    expect(progressText(1234, 100000, "foyer")).toBe("1\u202f234 sur 100\u202f000 foyers");
    expect(progressText(0, 1, "fichier")).toBe("0 sur 1 fichier");
    expect(countOf(0, "demande")).toBe("aucune demande");
    expect(countOf(0, "bon")).toBe("aucun bon");
    expect(countOf(1, "demande")).toBe("1 demande");
    expect(countOf(38, "demande")).toBe("38 demandes");
  });
});

describe("tally", () => {
  it("counts what went through and what was refused", () => {
    expect(tally([{ error: null }, { error: "Date de naissance manquante." }, { error: null }])).toEqual(
      { ok: 2, refused: 1 },
    );
  });
});
