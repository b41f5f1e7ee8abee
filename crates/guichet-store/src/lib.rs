//! The case file (dossier) of a desk: a SQLite file holding the desk's agents, the reference data it
//! used, households with their people and supporting documents, saved QF decisions, the search index
//! and the desk's journal.
//!
//! Words used throughout: a *use case* is one thing an agent does (import a request, save a QF); it
//! is one SQLite transaction that changes the state tables **and** appends its journal event(s), so
//! both commit together or not at all. Households are named by their *file number* (`F-07-000123`),
//! people by their *person number* (`P-07-000456`), both made on this desk. Every change records the
//! *agent* who made it.
//!
//! Entry points: [`CaseFile::init`] and [`CaseFile::open`], then the methods of [`CaseFile`], grouped
//! by concern in the modules below.

mod agents;
mod campaigns;
mod case_file;
mod conflict_parties;
mod conflicts;
mod connection;
mod day_count;
mod demo;
mod documents;
mod error;
mod households;
mod import;
mod journal;
mod kept_version;
mod migrations;
mod persons;
mod printing;
mod projection;
mod qf_decisions;
mod recent;
mod references;
mod remote;
mod rows;
mod scans;
mod search;
mod sync_state;
mod today;
mod view;
mod vouchers;

pub use agents::{Agent, Role};
pub use campaigns::{CampaignPhase, CampaignPlan, CampaignProgress};
pub use case_file::CaseFile;
pub use conflict_parties::{ConflictPerson, ConflictVoucher, conflict_kind_label};
pub use conflicts::{ConflictView, Resolution, resolution_record};
pub use connection::open_connection;
pub use day_count::DayCount;
pub use demo::DemoSummary;
pub use error::{Result, StoreError};
pub use households::HouseholdFields;
pub use import::Imported;
pub use journal::{Event, HistoryEntry, JournalEntry, Origin};
pub use migrations::{latest_version, migrate, migrations, schema_version};
pub use persons::PersonData;
pub use qf_decisions::{QfWorking, SavedQf};
pub use recent::RecentHousehold;
pub use remote::{RemoteEvent, UNAPPLIED_LISTED, UnappliedEvent};
pub use scans::{MAX_SCAN_BYTES, Scan, ScanInfo, media_type_of};
pub use search::{SearchField, SearchResult};
pub use sync_state::{OutgoingEvent, SyncSettings, SyncStatus};
pub use today::{TODAY_VARIABLE, campaign_year_on, parse_today, qf_year_on, today};
pub use view::{
    AddressView, ChecklistItemView, ChecklistView, DocumentView, EligibilityView, EntitlementView,
    HouseholdView, MemberView, QfView, RefusalView, procedure_code, procedure_label,
};
pub use vouchers::{BudgetView, IssuedVoucher, Selection, VoucherStatus, VoucherView};
