// The desk app's commands (src-tauri), one function each, typed with the bindings generated from the
// Rust types (ui/src/lib/bindings/, checked for drift by a Rust test). Every error comes back from
// Rust as a whole French sentence, ready to show.
import { invoke } from "@tauri-apps/api/core";
import type { Agent } from "./bindings/Agent";
import type { Channel } from "./bindings/Channel";
import type { DeskStatus } from "./bindings/DeskStatus";
import type { Document } from "./bindings/Document";
import type { Household } from "./bindings/Household";
import type { HouseholdFields } from "./bindings/HouseholdFields";
import type { HouseholdView } from "./bindings/HouseholdView";
import type { IssueOutcome } from "./bindings/IssueOutcome";
import type { Output } from "./bindings/Output";
import type { PersonData } from "./bindings/PersonData";
import type { Printed } from "./bindings/Printed";
import type { QfWorking } from "./bindings/QfWorking";
import type { SavedQf } from "./bindings/SavedQf";
import type { ScanImage } from "./bindings/ScanImage";
import type { ScanInfo } from "./bindings/ScanInfo";
import type { Scheme } from "./bindings/Scheme";
import type { SearchResult } from "./bindings/SearchResult";
import type { Startup } from "./bindings/Startup";
import type { VoucherRow } from "./bindings/VoucherRow";

export function search(text: string): Promise<SearchResult[]> {
  return invoke<SearchResult[]>("search", { text });
}

export function household(number: string): Promise<HouseholdView> {
  return invoke<HouseholdView>("household", { number });
}

export function status(): Promise<DeskStatus> {
  return invoke<DeskStatus>("status");
}

// Start-up.
export const startup = () => invoke<Startup>("startup");
export const chooseAgent = (name: string) => invoke<Agent>("choose_agent", { name });
export const createCaseFile = (args: {
  deskNumber: string;
  site: string;
  agent: string;
  supervisor: string | null;
  demo: boolean;
}) => invoke<Startup>("create_case_file", args);

// Dossier du foyer.
export const createHousehold = (household: Household) =>
  invoke<string>("create_household", { household });
export const updateHousehold = (number: string, fields: HouseholdFields) =>
  invoke<void>("update_household", { number, fields });
export const addPerson = (number: string, person: PersonData) =>
  invoke<string>("add_person", { number, person });
export const updatePerson = (person: string, data: PersonData) =>
  invoke<void>("update_person", { person, data });
export const removePerson = (person: string) => invoke<void>("remove_person", { person });
export const addDocument = (number: string, document: Document) =>
  invoke<number>("add_document", { number, document });
export const updateDocument = (id: number, document: Document) =>
  invoke<void>("update_document", { id, document });
export const removeDocument = (id: number) => invoke<void>("remove_document", { id });
export const attachScan = (document: number) =>
  invoke<ScanInfo | null>("attach_scan", { document });
export const removeScan = (id: number) => invoke<void>("remove_scan", { id });
export const scanImage = (id: number) => invoke<ScanImage>("scan_image", { id });
export const openScan = (id: number) => invoke<string>("open_scan", { id });

// Quotient familial.
export const qfWorking = (number: string, year: number) =>
  invoke<QfWorking>("qf_working", { number, year });
export const saveQf = (args: {
  number: string;
  year: number;
  site: string | null;
  channel: Channel;
  derogation: string | null;
}) => invoke<SavedQf>("save_qf", args);
export const correctQf = (args: {
  number: string;
  year: number;
  site: string | null;
  channel: Channel;
  derogation: string | null;
  reason: string;
}) => invoke<SavedQf>("correct_qf", args);
export const printAttestation = (number: string, year: number, output: Output) =>
  invoke<Printed | null>("print_attestation", { number, year, output });

// Aides.
export const householdVouchers = (number: string) =>
  invoke<VoucherRow[]>("household_vouchers", { number });
export const issueVouchers = (args: {
  number: string;
  schemes: Scheme[];
  beneficiaries: string[];
  overrideReason: string | null;
  output: Output;
}) => invoke<IssueOutcome>("issue_vouchers", args);
export const voidVoucher = (number: string, reason: string) =>
  invoke<VoucherRow>("void_voucher", { number, reason });
export const reissueVoucher = (number: string, reason: string, output: Output) =>
  invoke<IssueOutcome>("reissue_voucher", { number, reason, output });
export const reprintVoucher = (number: string, output: Output) =>
  invoke<IssueOutcome>("reprint_voucher", { number, output });

/** The French message of a failed command (Rust serializes its errors as a string). */
export function errorMessage(error: unknown): string {
  if (typeof error === "string") return error;
  if (error instanceof Error) return error.message;
  return "Une erreur inattendue est survenue.";
}
