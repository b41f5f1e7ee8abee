//! One module per screen or scenario; they share the harness of `guichet_tests`.

mod case_file_errors;
mod first_start;
mod scenarios;
mod search_and_household;
