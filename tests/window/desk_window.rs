//! One module per screen or scenario; they share the harness of `guichet_tests`.

mod accessibility;
mod campaigns;
mod case_file_errors;
mod desk_session;
mod first_start;
mod homonyms;
mod import_requests;
mod native_dialogs;
mod qf_correction;
mod scenarios;
mod search_and_household;
mod settings;
mod sync;
mod unapplied_events;
