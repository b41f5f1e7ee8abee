import { describe, expect, it } from "vitest";
import { documentFromForm, emptyDocument, formFromDocument } from "./documentForm";
import { emptyPerson, formFromPerson, personFromForm } from "./personForm";

describe("documentFromForm", () => {
  it("reads a tax notice typed the French way", () => {
    const form = {
      ...emptyDocument("tax_notice", 2024),
      holders: ["P-01-000001"],
      issued_on: "28/08/2025",
      reference_tax_income: "18 456,00 €",
      income_tax: "312,00",
      parts: "1,5",
    };
    expect(documentFromForm(form)).toEqual({
      ok: true,
      value: {
        kind: "tax_notice",
        holders: ["P-01-000001"],
        issued_on: "2025-08-28",
        income_year: 2024,
        reference_tax_income_cents: 1845600,
        parts: 1.5,
        income_tax_cents: 31200,
      },
    });
  });

  it("names every wrong field and keeps what was typed", () => {
    const form = {
      ...emptyDocument("tax_notice", 2024),
      issued_on: "31/02/2025",
      reference_tax_income: "beaucoup",
    };
    const before = structuredClone(form);
    const result = documentFromForm(form);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(Object.keys(result.errors).sort()).toEqual(
        ["holders", "issued_on", "reference_tax_income"].sort(),
      );
      expect(result.errors.issued_on).toContain("n'existe pas");
    }
    expect(form).toEqual(before);
  });

  it("asks only the fields of the kind", () => {
    // A family record asks nothing: the other fields, even wrong, do not matter.
    const form = { ...emptyDocument("family_record", 2024), issued_on: "n'importe quoi" };
    expect(documentFromForm(form)).toEqual({ ok: true, value: { kind: "family_record" } });
  });

  it("leaves optional dates and holders out", () => {
    expect(
      documentFromForm({
        ...emptyDocument("benefits_certificate", 2024),
        issued_on: "02/11/2025",
        benefits: "312,40",
        minima: ["rsa"],
      }),
    ).toEqual({
      ok: true,
      value: {
        kind: "benefits_certificate",
        issued_on: "2025-11-02",
        monthly_family_benefits_cents: 31240,
        minima_sociaux: ["rsa"],
      },
    });
    expect(documentFromForm({ ...emptyDocument("custody_judgment", 2024) })).toEqual({
      ok: true,
      value: { kind: "custody_judgment" },
    });
  });

  it("checks the school year", () => {
    const form = { ...emptyDocument("school_certificate", 2024), holder: "P-01-000003", issued_on: "05/09/2025" };
    expect(documentFromForm({ ...form, school_year: "2025-2027" }).ok).toBe(false);
    expect(documentFromForm({ ...form, school_year: "2025-2026" }).ok).toBe(true);
  });

  it("gives back a stored document as it was typed", () => {
    const stored = {
      kind: "identity" as const,
      holder: "P-01-000002",
      issued_on: "2019-03-04",
      expires_on: "2029-03-03",
    };
    const form = formFromDocument(stored, 2024);
    expect(form.issued_on).toBe("04/03/2019");
    expect(documentFromForm(form)).toEqual({ ok: true, value: stored });
  });
});

describe("personFromForm", () => {
  it("reads an adult with minima", () => {
    const form = {
      ...emptyPerson("adult"),
      last_name: " Rousseau ",
      first_name: "Claire",
      birth_date: "14/05/1990",
      minima: ["rsa" as const],
    };
    expect(personFromForm(form, "a1")).toEqual({
      ok: true,
      value: {
        role: "adult",
        id: "a1",
        last_name: "Rousseau",
        first_name: "Claire",
        birth_date: "1990-05-14",
        minima_sociaux: ["rsa"],
        disability_rate: null,
        retired_unfit: false,
      },
    });
  });

  it("reads a child in shared residence and round-trips it", () => {
    const form = {
      ...emptyPerson("child"),
      last_name: "Benali",
      first_name: "Inès",
      birth_date: "03/07/2019",
      shared_residence: true,
    };
    const result = personFromForm(form, "c3");
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value).toMatchObject({ role: "child", residence: "shared", schooled: true });
      expect(formFromPerson(result.value)).toEqual(form);
    }
  });

  it("names the missing fields", () => {
    const result = personFromForm({ ...emptyPerson("adult"), disability_rate: "120" }, "a1");
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(Object.keys(result.errors).sort()).toEqual(
        ["birth_date", "disability_rate", "first_name", "last_name"].sort(),
      );
    }
  });
});
