//! Harness for the end-to-end tests: the real desk app (`guichet-desk`, debug build) in a virtual X
//! display, driven through WebDriver.
//!
//! Words used here: the *display* is an `Xvfb` server; the *driver* is `tauri-driver`, which starts
//! WebKit's `WebKitWebDriver` and launches the app for each WebDriver *session*; a *screenshot* is a
//! PNG written to `target/screenshots/` for a person to look at.
//!
//! Nothing is skipped: when Xvfb, tauri-driver or the built app is missing, the test fails and says
//! how to get it (`cargo xtask test` installs and builds everything first).

use std::ffi::OsString;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use fantoccini::{Client, ClientBuilder, Locator};

pub mod central;
pub mod native;

/// How long the app has to show what a test waits for (a cold WebKit start under Xvfb takes a few
/// seconds on a 2-core machine).
pub const PATIENCE: Duration = Duration::from_secs(30);

/// The workspace root (this crate lives in `<root>/tests`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

/// Cargo's target directory, honouring `CARGO_TARGET_DIR` as cargo does.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => workspace_root().join(dir),
        _ => workspace_root().join("target"),
    }
}

/// The desk app's debug binary; an error says how to build it when it is not there.
pub fn desk_binary() -> Result<PathBuf> {
    let binary = target_dir().join("debug").join("guichet-desk");
    if !binary.is_file() {
        bail!(
            "the desk app is not built ({} is missing): run `cargo xtask test`, or build the UI \
             (`npm run build` in ui/) then `cargo build -p guichet-desk`",
            binary.display()
        );
    }
    Ok(binary)
}

/// Where screenshots go: `target/screenshots/`.
pub fn screenshots_dir() -> Result<PathBuf> {
    let dir = target_dir().join("screenshots");
    std::fs::create_dir_all(&dir).with_context(|| format!("could not create {}", dir.display()))?;
    Ok(dir)
}

/// Finds a program on `PATH`, then in cargo's `bin` folder (where `cargo install` puts it).
pub(crate) fn find_program(name: &str) -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    });
    on_path.or_else(|| {
        let cargo_home = std::env::var_os("CARGO_HOME")
            .filter(|home| !home.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))?;
        Some(cargo_home.join("bin").join(name)).filter(|candidate| candidate.is_file())
    })
}

/// A child process that belongs to the test, ended (with its own children) when dropped.
#[derive(Debug)]
struct Owned {
    child: Child,
    name: &'static str,
}

impl Drop for Owned {
    fn drop(&mut self) {
        // The process leads its own group (see `spawn_owned`): end the whole group, so that the
        // WebKitWebDriver and the app that tauri-driver started end with it.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill")
            .args(["-TERM", "--", &group])
            .stderr(Stdio::null())
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        eprintln!("{} did not stop on SIGTERM; killing it", self.name);
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.wait();
    }
}

fn spawn_owned(name: &'static str, command: &mut Command) -> Result<Owned> {
    let child = command
        .process_group(0)
        .stdin(Stdio::null())
        .spawn()
        .with_context(|| format!("could not start {name}"))?;
    Ok(Owned { child, name })
}

/// An `Xvfb` server on the first free display from `:99`.
#[derive(Debug)]
pub struct VirtualDisplay {
    number: u32,
    _server: Owned,
}

impl VirtualDisplay {
    pub fn start() -> Result<Self> {
        let Some(xvfb) = find_program("Xvfb") else {
            bail!(
                "Xvfb is not installed: run `cargo xtask test` (it installs xvfb) or `apt-get install xvfb xauth`"
            );
        };
        for number in 99..140 {
            let lock = PathBuf::from(format!("/tmp/.X{number}-lock"));
            let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
            if lock.exists() || socket.exists() {
                continue;
            }
            let mut server = spawn_owned(
                "Xvfb",
                Command::new(&xvfb)
                    .arg(format!(":{number}"))
                    .args(["-screen", "0", "1280x900x24", "-nolisten", "tcp"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null()),
            )?;
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if socket.exists() {
                    return Ok(Self {
                        number,
                        _server: server,
                    });
                }
                if let Ok(Some(_)) = server.child.try_wait() {
                    break; // Someone took this display meanwhile: try the next one.
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        bail!("could not start Xvfb on any display from :99 to :139")
    }

    /// The value of `DISPLAY` for programs that should draw here (`:99`).
    pub fn name(&self) -> String {
        format!(":{}", self.number)
    }
}

fn free_port() -> Result<u16> {
    let listener =
        TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).context("could not find a free TCP port")?;
    Ok(listener.local_addr()?.port())
}

/// `tauri-driver` on a free port, drawing on the given display. The app it launches inherits its
/// environment, which is how a test sets `GUICHET_TODAY` or `GUICHET_AGENT`.
#[derive(Debug)]
pub struct Driver {
    port: u16,
    _process: Owned,
}

impl Driver {
    pub fn start(display: &VirtualDisplay, env: &[(&str, OsString)]) -> Result<Self> {
        let Some(tauri_driver) = find_program("tauri-driver") else {
            bail!(
                "tauri-driver is not installed: run `cargo xtask test` (it runs `cargo install tauri-driver --locked`)"
            );
        };
        if find_program("WebKitWebDriver").is_none() {
            bail!(
                "WebKitWebDriver is not installed: run `cargo xtask test` (it installs webkit2gtk-driver)"
            );
        }
        let port = free_port()?;
        let native_port = free_port()?;
        let mut command = Command::new(tauri_driver);
        command
            .args(["--port", &port.to_string()])
            .args(["--native-port", &native_port.to_string()])
            .env("DISPLAY", display.name())
            .stdout(Stdio::null());
        for (key, value) in env {
            command.env(key, value);
        }
        let process = spawn_owned("tauri-driver", &mut command)?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_ok() {
                return Ok(Self {
                    port,
                    _process: process,
                });
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        bail!("tauri-driver did not listen on port {port} within 10 s")
    }

    /// Starts the app (a new WebDriver session) with these command-line arguments.
    pub async fn launch(&self, binary: &Path, args: &[OsString]) -> Result<Client> {
        let args: Vec<String> = args
            .iter()
            .map(|arg| arg.to_string_lossy().into_owned())
            .collect();
        let capabilities = serde_json::json!({
            "tauri:options": {
                "application": binary.to_string_lossy(),
                "args": args,
            }
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            bail!("capabilities must be a JSON object");
        };
        ClientBuilder::native()
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .context("could not open a WebDriver session on the desk app")
    }
}

/// Scrolls the element matched by `css` to the top of the window (to screenshot a part of a long page).
pub async fn scroll_to(client: &Client, css: &str) -> Result<()> {
    let element = client.find(Locator::Css(css)).await?;
    client
        .execute(
            "arguments[0].scrollIntoView({ block: 'start' });",
            vec![serde_json::to_value(&element)?],
        )
        .await
        .with_context(|| format!("could not scroll to `{css}`"))?;
    Ok(())
}

/// Waits until the element matched by `css` exists and its text contains `expected`; returns the text.
/// On timeout the error quotes what the element said last, to see at once what went wrong.
pub async fn wait_for_text(client: &Client, css: &str, expected: &str) -> Result<String> {
    let deadline = Instant::now() + PATIENCE;
    let mut last = None;
    loop {
        if let Ok(element) = client.find(Locator::Css(css)).await
            && let Ok(text) = element.text().await
        {
            if text.contains(expected) {
                return Ok(text);
            }
            last = Some(text);
        }
        if Instant::now() > deadline {
            match last {
                Some(text) => bail!(
                    "`{css}` never showed {expected:?} within {PATIENCE:?}; it shows:\n{text}"
                ),
                None => bail!("`{css}` never appeared within {PATIENCE:?}"),
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The text of a PDF (`pdftotext`), once the file exists.
pub fn pdf_text(path: &Path) -> Result<String> {
    let deadline = Instant::now() + PATIENCE;
    while !path.is_file() {
        if Instant::now() > deadline {
            bail!("{} was never written", path.display());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let Some(pdftotext) = find_program("pdftotext") else {
        bail!(
            "pdftotext is not installed: run `cargo xtask test` (it installs poppler-utils) or `apt-get install poppler-utils`"
        );
    };
    let output = Command::new(pdftotext)
        .arg(path)
        .arg("-")
        .output()
        .context("could not run pdftotext")?;
    if !output.status.success() {
        bail!("pdftotext failed on {}", path.display());
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Saves a screenshot of the window as `target/screenshots/<name>.png` and returns its path.
///
/// WebKit's automation takes a screenshot after the page's *next* paint. The app draws without GPU
/// compositing (`src-tauri/src/webview.rs`), and then WebKit paints only when something on the page
/// changes: on a still page the screenshot would wait for ever. So while it is taken, a 1-pixel
/// square in the corner, all but transparent, changes colour every frame; it is removed afterwards.
pub async fn screenshot(client: &Client, name: &str) -> Result<PathBuf> {
    client
        .execute(
            "const tick = document.createElement('div');
             tick.id = 'test-repaint';
             tick.style.cssText = 'position:fixed;left:0;bottom:0;width:1px;height:1px;' +
               'opacity:0.01;pointer-events:none;z-index:2147483647';
             document.body.appendChild(tick);
             let on = false;
             window.testRepaint = setInterval(() => {
               on = !on;
               tick.style.background = on ? '#000' : '#fff';
             }, 16);",
            vec![],
        )
        .await
        .context("could not start the repaint before the screenshot")?;
    // The page may already hold the text a test waited for without having painted it.
    tokio::time::sleep(Duration::from_millis(150)).await;
    let png = client.screenshot().await;
    client
        .execute(
            "clearInterval(window.testRepaint);
             document.getElementById('test-repaint')?.remove();",
            vec![],
        )
        .await
        .context("could not stop the repaint after the screenshot")?;
    let png = png.context("could not take a screenshot")?;
    let path = screenshots_dir()?.join(format!("{name}.png"));
    std::fs::write(&path, png).with_context(|| format!("could not write {}", path.display()))?;
    println!("screenshot: {}", path.display());
    Ok(path)
}
