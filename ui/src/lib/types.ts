// The shapes the desk app's commands return, as serde writes the Rust types of guichet-store
// (`SearchResult`, `HouseholdView` and its parts) and src-tauri (`DeskStatus`). Dates are ISO
// (`2025-06-15`), amounts integer cents, texts already in French.
// Written by hand for now; the desk app issue generates them with ts-rs and checks them for drift.

export interface DeskStatus {
  agent: string;
  role: string;
  desk: string;
  site: string;
  case_file: string;
}

export interface SearchResult {
  /** File number, `F-07-000123`. */
  household: string;
  adults: string[];
  address: string;
  /** What matched, in French. */
  hint: string;
  field: "name" | "birth_date" | "number" | "address";
}

export interface AddressView {
  line: string;
  postcode: string;
  city: string;
  department_since: string | null;
}

export interface MemberView {
  number: string;
  role: "adult" | "child" | string;
  last_name: string;
  first_name: string;
  birth_date: string;
  age: number;
  flags: string[];
}

export interface DocumentView {
  id: number;
  kind: string;
  label: string;
  holders: string[];
  holder_names: string[];
  issued_on: string | null;
  expires_on: string | null;
  figures: string[];
}

export interface ChecklistItemView {
  kind: string;
  label: string;
  holder: string | null;
  holder_name: string | null;
  status: string;
  status_label: string;
  reason: string;
}

export interface ChecklistView {
  year: number;
  procedure: string;
  label: string;
  complete: boolean;
  items: ChecklistItemView[];
}

export interface SavedQf {
  year: number;
  qf_cents: number;
  tranche: number;
  parts: number;
  reference_tax_income_cents: number;
  monthly_benefits_cents: number;
  instructed_on: string;
  site: string;
  channel: "desk" | "online";
  agent: string;
  derogation: string | null;
  created_at: string;
  lines: string[];
}

export interface QfView {
  year: number;
  /** "523,45 € — tranche 2", or "QF non calculé". */
  label: string;
  saved: SavedQf | null;
}

export interface EntitlementView {
  scheme: string;
  scheme_label: string;
  beneficiary: string;
  beneficiary_name: string;
  amount_cents: number | null;
  reason: string;
}

export interface RefusalView {
  scheme: string;
  scheme_label: string;
  beneficiary: string;
  beneficiary_name: string;
  reason: string;
}

export interface EligibilityView {
  year: number;
  tranche: number;
  qf_known: boolean;
  qf_label: string;
  entitlements: EntitlementView[];
  refusals: RefusalView[];
}

export interface HistoryEntry {
  seq: number;
  event: string;
  what: string;
  agent: string;
  at: string;
}

export interface HouseholdView {
  number: string;
  reference: string | null;
  channel: "desk" | "online";
  site: string;
  received_on: string;
  couple: boolean;
  address: AddressView;
  members: MemberView[];
  documents: DocumentView[];
  on: string;
  qf_year: number;
  checklists: ChecklistView[];
  qf: QfView[];
  eligibility: EligibilityView | null;
  notes: string[];
  history: HistoryEntry[];
}
