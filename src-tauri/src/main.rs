//! Guichet's desk app: a Tauri 2 window over the desk's case file. Tauri is known here and nowhere
//! else; every command is a thin adapter over a `guichet-store` use case (see `commands`).

// No console window behind the app on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod bindings;
mod campaigns;
mod commands;
mod dialogs;
mod error;
mod field_error;
mod imports;
mod launch;
mod recent;
mod session;
mod settings;
mod work;

use crate::launch::Launch;
use crate::session::{Desk, Session};

fn main() {
    let launch = Launch::from_process();
    let desk = Desk::new(Session::open(&launch));
    let result = tauri::Builder::default()
        .manage(desk)
        .manage(campaigns::LastCampaign::default())
        .invoke_handler(tauri::generate_handler![
            commands::search,
            commands::household,
            commands::status,
            recent::recent_files,
            imports::pick_requests,
            imports::import_requests,
            campaigns::campaign_screen,
            campaigns::campaign_plan,
            campaigns::campaign_run,
            campaigns::campaign_save_pdf,
            settings::settings,
            settings::add_agent,
        ])
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("guichet-desk: the window could not run: {error}");
        std::process::exit(1);
    }
}
