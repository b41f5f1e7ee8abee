import { describe, expect, it } from "vitest";
import {
  formatCents,
  formatDate,
  formatParts,
  formatTimestamp,
  joinFrench,
  statusLabel,
} from "./format";

describe("formatDate", () => {
  it.each([
    ["2025-06-15", "15/06/2025"],
    ["2024-02-29", "29/02/2024"],
    ["1958-01-01", "01/01/1958"],
  ])("writes %s as %s", (iso, french) => {
    expect(formatDate(iso)).toBe(french);
  });

  it("leaves a value that is not an ISO date visible as it came", () => {
    expect(formatDate("15/06/2025")).toBe("15/06/2025");
    expect(formatDate("2025-6-15")).toBe("2025-6-15");
  });

  it("writes nothing for a missing date", () => {
    expect(formatDate(null)).toBe("");
    expect(formatDate(undefined)).toBe("");
  });
});

describe("formatCents", () => {
  it.each([
    [0, "0,00\u00a0€"],
    [8000, "80,00\u00a0€"],
    [99, "0,99\u00a0€"],
    [1500, "15,00\u00a0€"],
    [100000, "1\u202f000,00\u00a0€"],
    [1845600, "18\u202f456,00\u00a0€"],
    [100000000000, "1\u202f000\u202f000\u202f000,00\u00a0€"],
    [-500, "-5,00\u00a0€"],
    [-123456, "-1\u202f234,56\u00a0€"],
  ])("writes %i cents as %s", (cents, text) => {
    expect(formatCents(cents)).toBe(text);
  });

  it("refuses a fractional number of cents", () => {
    expect(() => formatCents(12.5)).toThrow(RangeError);
    expect(() => formatCents(Number.NaN)).toThrow(RangeError);
  });
});

describe("statusLabel", () => {
  it.each([
    ["valid", "valide"],
    ["missing", "manquant"],
    ["expired", "périmé"],
    ["wrong_year", "mauvaise année"],
    ["inconsistent", "incohérent"],
  ])("names %s in French as %s", (status, label) => {
    expect(statusLabel(status)).toBe(label);
  });

  it("shows an unknown status as it came", () => {
    expect(statusLabel("pending")).toBe("pending");
  });
});

describe("joinFrench", () => {
  it.each([
    [[], ""],
    [["Karim Benali"], "Karim Benali"],
    [["Karim Benali", "Sarah Martin"], "Karim Benali et Sarah Martin"],
    [["A", "B", "C"], "A, B et C"],
  ])("joins %j as %s", (items, text) => {
    expect(joinFrench(items)).toBe(text);
  });
});

describe("formatTimestamp", () => {
  it.each([
    // Winter: Paris is UTC+1; summer: UTC+2; the day changes at midnight in Paris, not in UTC.
    ["2025-01-15T13:05:00Z", "15/01/2025 à 14:05"],
    ["2025-06-15T12:30:00Z", "15/06/2025 à 14:30"],
    ["2025-06-15T22:30:00Z", "16/06/2025 à 00:30"],
    ["2025-06-15T12:30:00.123456+00:00", "15/06/2025 à 14:30"],
  ])("writes %s as %s", (utc, paris) => {
    expect(formatTimestamp(utc)).toBe(paris);
  });

  it("leaves a value that is not a timestamp visible as it came", () => {
    expect(formatTimestamp("hier")).toBe("hier");
  });
});

describe("formatParts", () => {
  it.each([
    [2, "2"],
    [2.5, "2,5"],
    [3.75, "3,75"],
  ])("writes %d parts as %s", (parts, text) => {
    expect(formatParts(parts)).toBe(text);
  });
});
