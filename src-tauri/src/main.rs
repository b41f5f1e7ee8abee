//! Guichet's desk app: a Tauri 2 window over the desk's case file. Tauri is known here and nowhere
//! else; every command is a thin adapter over a `guichet-store` use case (see `commands`).

// No console window behind the app on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod aids;
// The TypeScript bindings are written (and checked) by a test only.
#[cfg(test)]
mod bindings;
mod campaigns;
mod commands;
mod conflicts;
mod dialogs;
mod error;
mod field_error;
mod household_file;
mod imports;
mod launch;
mod printed;
mod qf;
mod recent;
mod session;
mod settings;
mod startup;
mod sync;
mod webview;
mod work;

use crate::launch::Launch;
use crate::session::{Desk, DeskState};

fn main() {
    let launch = Launch::from_process();
    let desk = Desk::new(DeskState::at_launch(&launch));
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_opener::init())
        .manage(desk)
        .manage(campaigns::LastCampaign::default())
        .manage(sync::SyncState::default())
        .setup(|app| {
            webview::lighten(app);
            sync::start_background(app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::search,
            commands::household,
            commands::status,
            startup::startup,
            startup::choose_agent,
            startup::create_case_file,
            household_file::create_household,
            household_file::update_household,
            household_file::add_person,
            household_file::update_person,
            household_file::remove_person,
            household_file::add_document,
            household_file::update_document,
            household_file::remove_document,
            household_file::attach_scan,
            household_file::remove_scan,
            household_file::scan_image,
            household_file::open_scan,
            qf::qf_working,
            qf::save_qf,
            qf::correct_qf,
            qf::print_attestation,
            aids::household_vouchers,
            aids::issue_vouchers,
            aids::void_voucher,
            aids::reissue_voucher,
            aids::reprint_voucher,
            recent::recent_files,
            imports::pick_requests,
            imports::import_requests,
            campaigns::campaign_screen,
            campaigns::campaign_plan,
            campaigns::campaign_run,
            campaigns::campaign_save_pdf,
            settings::settings,
            settings::add_agent,
            settings::change_site,
            sync::sync_status,
            sync::sync_now,
            sync::enrol,
            sync::choose_authority_file,
            conflicts::conflicts,
            conflicts::resolve_conflict,
        ])
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("guichet-desk: the window could not run: {error}");
        std::process::exit(1);
    }
}
