//! The desk app in a real window (Xvfb + tauri-driver + WebKitWebDriver), following what an agent does.
//! Each module is one screen or one scenario; they share the harness of `guichet_tests`.

mod case_file_errors;
mod search_and_household;
