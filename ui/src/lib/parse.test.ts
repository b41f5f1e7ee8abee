import { describe, expect, it } from "vitest";
import {
  centsForInput,
  dateForInput,
  parseEuros,
  parseFrenchDate,
  parseOptionalDate,
  parseParts,
  parseWhole,
} from "./parse";

describe("parseFrenchDate", () => {
  it.each([
    ["25/11/2026", "2026-11-25"],
    ["1/2/2024", "2024-02-01"],
    [" 29/02/2024 ", "2024-02-29"],
  ])("reads %s as %s", (text, iso) => {
    expect(parseFrenchDate(text)).toEqual({ ok: true, value: iso });
  });

  it.each([
    ["29/02/2025", "n'existe pas"],
    ["31/04/2026", "n'existe pas"],
    ["2026-11-25", "jj/mm/aaaa"],
    ["25/11/26", "jj/mm/aaaa"],
    ["", "à renseigner"],
  ])("refuses %j in French", (text, words) => {
    const parsed = parseFrenchDate(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(words);
  });

  it("takes an empty optional date as none", () => {
    expect(parseOptionalDate("  ")).toEqual({ ok: true, value: null });
    expect(parseOptionalDate("01/09/2012")).toEqual({ ok: true, value: "2012-09-01" });
  });
});

describe("parseEuros", () => {
  it.each([
    ["80,00 €", 8000],
    ["80", 8000],
    ["80,5", 8050],
    ["18 456,00 €", 1845600],
    ["18\u202f456,00\u00a0€", 1845600],
    ["18456", 1845600],
    ["1.234,56", 123456],
    ["0,99", 99],
  ])("reads %j as %i cents", (text, cents) => {
    expect(parseEuros(text)).toEqual({ ok: true, value: cents });
  });

  it.each([["douze"], ["12,345"], ["-5"], [""], ["1 23,00"]])("refuses %j", (text) => {
    expect(parseEuros(text).ok).toBe(false);
  });

  it("writes cents back for editing", () => {
    expect(centsForInput(1845600)).toBe("18456,00");
    expect(centsForInput(5)).toBe("0,05");
    expect(parseEuros(centsForInput(123456))).toEqual({ ok: true, value: 123456 });
  });
});

describe("other fields", () => {
  it("writes an ISO date back as typed", () => {
    expect(dateForInput("2026-11-25")).toBe("25/11/2026");
    expect(dateForInput(null)).toBe("");
  });

  it("reads whole numbers in a range", () => {
    expect(parseWhole("2024", 1900, 2100, "Année")).toEqual({ ok: true, value: 2024 });
    expect(parseWhole("24a", 1900, 2100, "Année").ok).toBe(false);
    expect(parseWhole("120", 0, 100, "Taux").ok).toBe(false);
  });

  it("reads parts the French way", () => {
    expect(parseParts("2,5")).toEqual({ ok: true, value: 2.5 });
    expect(parseParts("")).toEqual({ ok: true, value: null });
    expect(parseParts("deux").ok).toBe(false);
  });
});
