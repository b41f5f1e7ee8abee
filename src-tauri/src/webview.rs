//! The web view's settings on Linux (WebKitGTK): the window draws forms and tables, so WebKit's GPU
//! compositing, WebGL, Web Audio and media are turned off. Without a GPU (a desk under Xvfb, many
//! office laptops) compositing runs through Mesa's software rasteriser: about 110 MB of resident
//! memory for nothing this window needs (measured with `desk-bench`). Mesa itself stays loaded,
//! with its LLVM, because WebKitGTK 2.50 opens an EGL display whatever the policy.
//! Windows (WebView2) keeps its defaults.

/// Applies the settings to the main window's web view, before its page has drawn anything.
#[cfg(target_os = "linux")]
pub fn lighten(app: &tauri::App) {
    use tauri::Manager;
    use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};

    for window in app.webview_windows().into_values() {
        let applied = window.with_webview(|webview| {
            if let Some(settings) = webview.inner().settings() {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
                settings.set_enable_webgl(false);
                settings.set_enable_webaudio(false);
                settings.set_enable_media(false);
                settings.set_enable_page_cache(false);
            }
        });
        if let Err(error) = applied {
            eprintln!("guichet-desk: web view settings not applied: {error}");
        }
    }
}

#[cfg(not(target_os = "linux"))]
pub fn lighten(_app: &tauri::App) {}
