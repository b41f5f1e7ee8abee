// The form of a supporting document: which fields each kind asks, what they hold as typed, and the
// Document Rust takes (the request format's shape). Rust judges the document; this only reads it.
import type { Document } from "./bindings/Document";
import type { DocumentKind } from "./bindings/DocumentKind";
import type { Minimum } from "./bindings/Minimum";
import {
  centsForInput,
  dateForInput,
  parseEuros,
  parseFrenchDate,
  parseOptionalDate,
  parseParts,
  parseWhole,
} from "./parse";

export type DocumentField =
  | "holder"
  | "holders"
  | "issued_on"
  | "expires_on"
  | "income_year"
  | "reference_tax_income"
  | "income_tax"
  | "parts"
  | "postcode"
  | "benefits"
  | "minima"
  | "school_year";

export interface DocumentForm {
  kind: DocumentKind;
  /** Person number of the holder (empty: none, where the kind allows it). */
  holder: string;
  /** Person numbers of the holders of a tax notice. */
  holders: string[];
  issued_on: string;
  expires_on: string;
  income_year: string;
  reference_tax_income: string;
  income_tax: string;
  parts: string;
  postcode: string;
  benefits: string;
  minima: Minimum[];
  school_year: string;
}

export type DocumentErrors = Partial<Record<DocumentField, string>>;

/** The kinds in the order an agent meets them, with their French names. */
export const DOCUMENT_KINDS: { kind: DocumentKind; label: string }[] = [
  { kind: "identity", label: "Pièce d'identité" },
  { kind: "tax_notice", label: "Avis d'imposition" },
  { kind: "proof_of_address", label: "Justificatif de domicile" },
  { kind: "benefits_certificate", label: "Attestation CAF/MSA" },
  { kind: "family_record", label: "Livret de famille / actes de naissance" },
  { kind: "custody_judgment", label: "Jugement (garde, résidence alternée)" },
  { kind: "disability_notice", label: "Notification MDPH / AEEH" },
  { kind: "school_certificate", label: "Certificat de scolarité" },
  { kind: "unemployment_certificate", label: "Attestation France Travail (ASS)" },
];

/** The fields each kind asks, in order. */
export const FIELDS: Record<DocumentKind, DocumentField[]> = {
  identity: ["holder", "issued_on", "expires_on"],
  tax_notice: ["holders", "issued_on", "income_year", "reference_tax_income", "income_tax", "parts"],
  proof_of_address: ["issued_on", "postcode"],
  benefits_certificate: ["holder", "issued_on", "benefits", "minima"],
  unemployment_certificate: ["holder", "issued_on"],
  family_record: [],
  custody_judgment: ["issued_on"],
  disability_notice: ["holder", "issued_on", "expires_on"],
  school_certificate: ["holder", "issued_on", "school_year"],
};

/** Kinds whose issue date may be left empty. */
const OPTIONAL_ISSUE: DocumentKind[] = ["custody_judgment", "disability_notice"];
/** Kinds whose holder may be left empty (the household's). */
const OPTIONAL_HOLDER: DocumentKind[] = ["benefits_certificate"];

export function emptyDocument(kind: DocumentKind, incomeYear: number): DocumentForm {
  return {
    kind,
    holder: "",
    holders: [],
    issued_on: "",
    expires_on: "",
    income_year: String(incomeYear),
    reference_tax_income: "",
    income_tax: "0,00",
    parts: "",
    postcode: "92500",
    benefits: "0,00",
    minima: [],
    school_year: "",
  };
}

export function formFromDocument(document: Document, incomeYear: number): DocumentForm {
  const form = emptyDocument(document.kind, incomeYear);
  switch (document.kind) {
    case "identity":
      return {
        ...form,
        holder: document.holder,
        issued_on: dateForInput(document.issued_on),
        expires_on: dateForInput(document.expires_on),
      };
    case "tax_notice":
      return {
        ...form,
        holders: [...document.holders],
        issued_on: dateForInput(document.issued_on),
        income_year: String(document.income_year),
        reference_tax_income: centsForInput(document.reference_tax_income_cents),
        income_tax: centsForInput(document.income_tax_cents),
        parts: document.parts == null ? "" : String(document.parts).replace(".", ","),
      };
    case "proof_of_address":
      return { ...form, issued_on: dateForInput(document.issued_on), postcode: document.postcode };
    case "benefits_certificate":
      return {
        ...form,
        holder: document.holder ?? "",
        issued_on: dateForInput(document.issued_on),
        benefits: centsForInput(document.monthly_family_benefits_cents),
        minima: [...document.minima_sociaux],
      };
    case "unemployment_certificate":
      return { ...form, holder: document.holder, issued_on: dateForInput(document.issued_on) };
    case "family_record":
      return form;
    case "custody_judgment":
      return { ...form, issued_on: dateForInput(document.issued_on) };
    case "disability_notice":
      return {
        ...form,
        holder: document.holder,
        issued_on: dateForInput(document.issued_on),
        expires_on: dateForInput(document.expires_on),
      };
    case "school_certificate":
      return {
        ...form,
        holder: document.holder,
        issued_on: dateForInput(document.issued_on),
        school_year: document.school_year,
      };
  }
}

export type DocumentResult = { ok: true; value: Document } | { ok: false; errors: DocumentErrors };

/** The Document of a form, or the errors to show beside its fields. */
export function documentFromForm(form: DocumentForm): DocumentResult {
  const errors: DocumentErrors = {};
  const asks = (field: DocumentField) => FIELDS[form.kind].includes(field);

  const issued = OPTIONAL_ISSUE.includes(form.kind)
    ? parseOptionalDate(form.issued_on)
    : parseFrenchDate(form.issued_on);
  if (asks("issued_on") && !issued.ok) errors.issued_on = issued.error;
  const expires = parseOptionalDate(form.expires_on);
  if (asks("expires_on") && !expires.ok) errors.expires_on = expires.error;
  if (asks("holder") && form.holder === "" && !OPTIONAL_HOLDER.includes(form.kind)) {
    errors.holder = "Choisissez la personne à qui appartient la pièce.";
  }
  if (asks("holders") && form.holders.length === 0) {
    errors.holders = "Cochez le ou les titulaires de l'avis.";
  }
  const incomeYear = parseWhole(form.income_year, 1990, 2100, "Année des revenus");
  if (asks("income_year") && !incomeYear.ok) errors.income_year = incomeYear.error;
  const rfr = parseEuros(form.reference_tax_income);
  if (asks("reference_tax_income") && !rfr.ok) errors.reference_tax_income = rfr.error;
  const tax = parseEuros(form.income_tax);
  if (asks("income_tax") && !tax.ok) errors.income_tax = tax.error;
  const parts = parseParts(form.parts);
  if (asks("parts") && !parts.ok) errors.parts = parts.error;
  if (asks("postcode") && !/^\d{5}$/.test(form.postcode.trim())) {
    errors.postcode = "Code postal : cinq chiffres (92500).";
  }
  const benefits = parseEuros(form.benefits);
  if (asks("benefits") && !benefits.ok) errors.benefits = benefits.error;
  const schoolYear = /^(\d{4})-(\d{4})$/.exec(form.school_year.trim());
  if (asks("school_year") && (!schoolYear || Number(schoolYear[2]) !== Number(schoolYear[1]) + 1)) {
    errors.school_year = "Année scolaire : deux années qui se suivent (2025-2026).";
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  // Every check above passed for the fields this kind asks: the values below are those.
  const date = (parsed: typeof issued) => (parsed.ok ? parsed.value : null);
  const cents = (parsed: typeof rfr) => (parsed.ok ? parsed.value : 0);
  const issuedOn = date(issued) ?? "";
  switch (form.kind) {
    case "identity": {
      const expiresOn = date(expires);
      return {
        ok: true,
        value: {
          kind: "identity",
          holder: form.holder,
          issued_on: issuedOn,
          ...(expiresOn ? { expires_on: expiresOn } : {}),
        },
      };
    }
    case "tax_notice": {
      const partsValue = parts.ok ? parts.value : null;
      return {
        ok: true,
        value: {
          kind: "tax_notice",
          holders: form.holders,
          issued_on: issuedOn,
          income_year: incomeYear.ok ? incomeYear.value : 0,
          reference_tax_income_cents: cents(rfr),
          ...(partsValue === null ? {} : { parts: partsValue }),
          income_tax_cents: cents(tax),
        },
      };
    }
    case "proof_of_address":
      return {
        ok: true,
        value: { kind: "proof_of_address", issued_on: issuedOn, postcode: form.postcode.trim() },
      };
    case "benefits_certificate":
      return {
        ok: true,
        value: {
          kind: "benefits_certificate",
          ...(form.holder ? { holder: form.holder } : {}),
          issued_on: issuedOn,
          monthly_family_benefits_cents: cents(benefits),
          minima_sociaux: form.minima,
        },
      };
    case "unemployment_certificate":
      return {
        ok: true,
        value: { kind: "unemployment_certificate", holder: form.holder, issued_on: issuedOn },
      };
    case "family_record":
      return { ok: true, value: { kind: "family_record" } };
    case "custody_judgment": {
      const on = date(issued);
      return { ok: true, value: { kind: "custody_judgment", ...(on ? { issued_on: on } : {}) } };
    }
    case "disability_notice": {
      const on = date(issued);
      const expiresOn = date(expires);
      return {
        ok: true,
        value: {
          kind: "disability_notice",
          holder: form.holder,
          ...(on ? { issued_on: on } : {}),
          ...(expiresOn ? { expires_on: expiresOn } : {}),
        },
      };
    }
    case "school_certificate":
      return {
        ok: true,
        value: {
          kind: "school_certificate",
          holder: form.holder,
          issued_on: issuedOn,
          school_year: form.school_year.trim(),
        },
      };
  }
}
