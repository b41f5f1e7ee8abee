//! The window's TypeScript types, generated from the Rust types the commands take and return
//! (ts-rs) and committed in `ui/src/lib/bindings/`. The test below regenerates them into a temporary
//! folder and fails when the committed files differ: after changing a type, run
//! `UPDATE_BINDINGS=1 cargo test -p guichet-desk bindings` and commit the result.

use std::path::Path;

use ts_rs::{Config, ExportError, TS};

/// The folder of the committed bindings, relative to this crate.
pub const COMMITTED: &str = "../ui/src/lib/bindings";

/// Writes every type the window uses (and the types they use) into `dir`, one file per type.
pub fn export(dir: &Path) -> Result<(), ExportError> {
    // Cents and ids are i64 in Rust; every value the window sees fits a JavaScript number.
    let cfg = Config::new().with_out_dir(dir).with_large_int("number");
    guichet_store::HouseholdView::export_all(&cfg)?;
    guichet_store::SearchResult::export_all(&cfg)?;
    guichet_store::SavedQf::export_all(&cfg)?;
    guichet_store::QfWorking::export_all(&cfg)?;
    guichet_store::HouseholdFields::export_all(&cfg)?;
    guichet_store::PersonData::export_all(&cfg)?;
    guichet_store::Agent::export_all(&cfg)?;
    guichet_store::ScanInfo::export_all(&cfg)?;
    guichet_core::Household::export_all(&cfg)?;
    guichet_core::documents::Document::export_all(&cfg)?;
    guichet_core::documents::DocumentKind::export_all(&cfg)?;
    guichet_core::Scheme::export_all(&cfg)?;
    crate::commands::DeskStatus::export_all(&cfg)?;
    crate::startup::Startup::export_all(&cfg)?;
    crate::aids::VoucherRow::export_all(&cfg)?;
    crate::aids::IssueOutcome::export_all(&cfg)?;
    crate::printed::Output::export_all(&cfg)?;
    crate::printed::Printed::export_all(&cfg)?;
    crate::household_file::ScanImage::export_all(&cfg)?;
    crate::field_error::FieldError::export_all(&cfg)?;
    crate::recent::RecentFile::export_all(&cfg)?;
    crate::imports::RequestPreview::export_all(&cfg)?;
    crate::imports::ImportOutcome::export_all(&cfg)?;
    crate::imports::ImportProgress::export_all(&cfg)?;
    crate::imports::ImportRequest::export_all(&cfg)?;
    crate::campaigns::CampaignScreen::export_all(&cfg)?;
    crate::campaigns::CampaignPlanView::export_all(&cfg)?;
    crate::campaigns::CampaignProgressView::export_all(&cfg)?;
    crate::campaigns::CampaignSummary::export_all(&cfg)?;
    crate::settings::SettingsView::export_all(&cfg)?;
    crate::settings::NewAgent::export_all(&cfg)?;
    crate::sync::SyncStatusView::export_all(&cfg)?;
    crate::sync::SyncDone::export_all(&cfg)?;
    crate::sync::Enrolment::export_all(&cfg)?;
    crate::conflicts::ConflictsScreen::export_all(&cfg)?;
    guichet_store::Resolution::export_all(&cfg)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    use super::*;

    fn ts_files(dir: &Path) -> BTreeMap<String, String> {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return BTreeMap::new();
        };
        entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|e| e == "ts"))
            .map(|path| {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                (name, text)
            })
            .collect()
    }

    #[test]
    fn committed_bindings_match_the_rust_types() {
        let generated = tempfile::tempdir().expect("temporary folder");
        export(generated.path()).expect("bindings exported");
        let generated = ts_files(generated.path());
        assert!(generated.contains_key("HouseholdView.ts"), "{generated:?}");
        let committed_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(COMMITTED);
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::create_dir_all(&committed_dir).expect("bindings folder");
            for name in ts_files(&committed_dir).keys() {
                std::fs::remove_file(committed_dir.join(name)).expect("old binding removed");
            }
            for (name, text) in &generated {
                std::fs::write(committed_dir.join(name), text).expect("binding written");
            }
        }
        let committed = ts_files(&committed_dir);
        let stale: Vec<&String> = generated
            .iter()
            .filter(|(name, text)| committed.get(*name) != Some(*text))
            .map(|(name, _)| name)
            .chain(
                committed
                    .keys()
                    .filter(|name| !generated.contains_key(*name)),
            )
            .collect();
        assert!(
            stale.is_empty(),
            "ui/src/lib/bindings/ is out of date for {stale:?}: run \
             `UPDATE_BINDINGS=1 cargo test -p guichet-desk bindings` and commit the result"
        );
    }
}
