// The form of a household member (Nouveau foyer, Dossier du foyer): what the fields hold as typed,
// and the PersonData Rust takes. A form with an error keeps everything typed; errors name the field.
import type { Adult } from "./bindings/Adult";
import type { Child } from "./bindings/Child";
import type { Minimum } from "./bindings/Minimum";
import type { PersonData } from "./bindings/PersonData";
import { dateForInput, parseFrenchDate, parseWhole } from "./parse";

export interface PersonForm {
  role: "adult" | "child";
  last_name: string;
  first_name: string;
  birth_date: string;
  // Adults.
  minima: Minimum[];
  disability_rate: string;
  retired_unfit: boolean;
  // Children.
  shared_residence: boolean;
  disability: boolean;
  schooled: boolean;
  student: boolean;
  left: boolean;
}

export type PersonErrors = Partial<Record<"last_name" | "first_name" | "birth_date" | "disability_rate", string>>;

export const MINIMA: { code: Minimum; label: string }[] = [
  { code: "rsa", label: "RSA" },
  { code: "ass", label: "ASS" },
  { code: "aah", label: "AAH" },
  { code: "aspa", label: "ASPA" },
];

export function emptyPerson(role: "adult" | "child"): PersonForm {
  return {
    role,
    last_name: "",
    first_name: "",
    birth_date: "",
    minima: [],
    disability_rate: "",
    retired_unfit: false,
    shared_residence: false,
    disability: false,
    schooled: role === "child",
    student: false,
    left: false,
  };
}

export function formFromPerson(data: PersonData): PersonForm {
  if (data.role === "adult") {
    return {
      ...emptyPerson("adult"),
      last_name: data.last_name,
      first_name: data.first_name,
      birth_date: dateForInput(data.birth_date),
      minima: [...data.minima_sociaux],
      disability_rate: data.disability_rate === null ? "" : String(data.disability_rate),
      retired_unfit: data.retired_unfit,
    };
  }
  return {
    ...emptyPerson("child"),
    last_name: data.last_name,
    first_name: data.first_name,
    birth_date: dateForInput(data.birth_date),
    shared_residence: data.residence === "shared",
    disability: data.disability,
    schooled: data.schooled,
    student: data.student,
    left: data.left,
  };
}

export type PersonResult = { ok: true; value: PersonData } | { ok: false; errors: PersonErrors };

/** The PersonData of a form, or the errors to show beside its fields. `id` names it in a request. */
export function personFromForm(form: PersonForm, id: string): PersonResult {
  const errors: PersonErrors = {};
  const last_name = form.last_name.trim();
  const first_name = form.first_name.trim();
  if (last_name === "") errors.last_name = "Nom à renseigner.";
  if (first_name === "") errors.first_name = "Prénom à renseigner.";
  const birth = parseFrenchDate(form.birth_date);
  if (!birth.ok) errors.birth_date = birth.error;
  let disability_rate: number | null = null;
  if (form.role === "adult" && form.disability_rate.trim() !== "") {
    const rate = parseWhole(form.disability_rate, 0, 100, "Taux d'incapacité");
    if (rate.ok) disability_rate = rate.value;
    else errors.disability_rate = rate.error;
  }
  if (Object.keys(errors).length > 0 || !birth.ok) return { ok: false, errors };
  if (form.role === "adult") {
    const adult: Adult = {
      id,
      last_name,
      first_name,
      birth_date: birth.value,
      minima_sociaux: MINIMA.map((m) => m.code).filter((code) => form.minima.includes(code)),
      disability_rate,
      retired_unfit: form.retired_unfit,
    };
    return { ok: true, value: { role: "adult", ...adult } };
  }
  const child: Child = {
    id,
    last_name,
    first_name,
    birth_date: birth.value,
    residence: form.shared_residence ? "shared" : "full",
    disability: form.disability,
    schooled: form.schooled,
    student: form.student,
    left: form.left,
  };
  return { ok: true, value: { role: "child", ...child } };
}

/** Adults and children of a list of members, without their role tag (the Household's shape). */
export function splitPeople(people: PersonData[]): { adults: Adult[]; children: Child[] } {
  const adults: Adult[] = [];
  const children: Child[] = [];
  for (const person of people) {
    if (person.role === "adult") {
      const { role: _role, ...adult } = person;
      adults.push(adult);
    } else {
      const { role: _role, ...child } = person;
      children.push(child);
    }
  }
  return { adults, children };
}
