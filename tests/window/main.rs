//! The desk app in a real window (Xvfb + tauri-driver + WebKitWebDriver), following what an agent does.
//!
//! Every test lives under `desk_window::`, so that `cargo xtask test` can run the workspace's other
//! tests first (`-- --skip desk_window::`, reported as filtered out) and these once the app is built,
//! with the same cargo flags, hence the same build artifacts.

mod desk_window;
