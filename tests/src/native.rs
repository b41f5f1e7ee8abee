//! The native windows that WebDriver cannot reach (GTK's file dialogs), driven with `xdotool` on the
//! test's display, and pictures of the whole display (ImageMagick's `import`) to see them.
//!
//! There is no window manager under Xvfb: a dialog gets the keyboard only when a test gives it the
//! focus. Every wait here has a deadline ([`PATIENCE`]); a missing program fails the test and says how
//! to get it.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::{PATIENCE, VirtualDisplay, find_program, screenshots_dir};

/// `xdotool` drawing on one display.
#[derive(Debug)]
pub struct Xdotool {
    program: PathBuf,
    display: String,
}

impl Xdotool {
    pub fn on(display: &VirtualDisplay) -> Result<Self> {
        let Some(program) = find_program("xdotool") else {
            bail!(
                "xdotool is not installed: run `cargo xtask test` (it installs xdotool) or `apt-get install xdotool`"
            );
        };
        Ok(Self {
            program,
            display: display.name(),
        })
    }

    /// Runs `xdotool args…` on the display, for at most [`PATIENCE`].
    fn run(&self, args: &[&str]) -> Result<Output> {
        let mut command = Command::new(&self.program);
        command.args(args).env("DISPLAY", &self.display);
        output_within(&mut command, PATIENCE)
    }

    /// Runs `xdotool args…` and fails unless it succeeds.
    fn run_ok(&self, args: &[&str]) -> Result<()> {
        let output = self.run(args)?;
        if !output.status.success() {
            bail!(
                "xdotool {} failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr).trim()
            );
        }
        Ok(())
    }

    /// The visible windows titled exactly `title` (X window ids, oldest first).
    fn visible(&self, title: &str) -> Result<Vec<String>> {
        let pattern = format!("^{}$", regex_escape(title));
        let output = self.run(&["search", "--onlyvisible", "--name", &pattern])?;
        // xdotool exits with 1, silently, when no window matches.
        let complaint = String::from_utf8_lossy(&output.stderr);
        if !output.status.success() && !complaint.trim().is_empty() {
            bail!("xdotool could not list the windows: {}", complaint.trim());
        }
        Ok(String::from_utf8_lossy(&output.stdout)
            .split_whitespace()
            .map(str::to_owned)
            .collect())
    }

    /// Waits until a window titled `title` is shown and returns its id.
    pub fn wait_for_window(&self, title: &str) -> Result<String> {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(window) = self.visible(title)?.pop() {
                return Ok(window);
            }
            if Instant::now() > deadline {
                bail!("no window titled {title:?} appeared within {PATIENCE:?}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Presses `key` in `window` (titled `title`) until it closes. GTK's file dialogs ignore Return
    /// while they still check the path typed (their button is insensitive meanwhile), so one press
    /// may not be enough. The window is given the focus again before each press, so that no key
    /// reaches the window below once the dialog is gone.
    pub fn press_until_closed(&self, window: &str, title: &str, key: &str) -> Result<()> {
        let deadline = Instant::now() + PATIENCE;
        let open = || -> Result<bool> { Ok(self.visible(title)?.iter().any(|w| w == window)) };
        let mut presses = 0;
        while open()? {
            if Instant::now() > deadline {
                bail!("the window titled {title:?} was still open after {PATIENCE:?}");
            }
            if let Err(error) = self.focus(window) {
                // It may have closed meanwhile, on the previous press.
                return if open()? { Err(error) } else { Ok(()) };
            }
            if presses > 0 {
                println!("{title:?} is still open after {key}: pressing it again");
            }
            self.keys(&[key])?;
            presses += 1;
            // Long enough for GTK to close a dialog that took the key.
            let settled = Instant::now() + Duration::from_secs(2);
            while Instant::now() < settled && open()? {
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        Ok(())
    }

    /// Gives `window` the keyboard focus and waits until it has it.
    pub fn focus(&self, window: &str) -> Result<()> {
        self.run_ok(&["windowfocus", "--sync", window])
    }

    /// Types `text` where the focus is, as a person at the keyboard would.
    pub fn type_text(&self, text: &str) -> Result<()> {
        self.run_ok(&["type", "--delay", "20", "--", text])
    }

    /// Presses key combinations where the focus is, one after the other (`ctrl+a`, `Return`).
    pub fn keys(&self, keys: &[&str]) -> Result<()> {
        let mut args = vec!["key", "--delay", "50", "--"];
        args.extend_from_slice(keys);
        self.run_ok(&args)
    }
}

/// Saves a picture of the whole display (the app's window and any dialog above it) as
/// `target/screenshots/<name>.png` and returns its path.
pub fn screenshot_display(display: &VirtualDisplay, name: &str) -> Result<PathBuf> {
    let Some(import) = find_program("import") else {
        bail!(
            "ImageMagick's import is not installed: run `cargo xtask test` (it installs imagemagick) or `apt-get install imagemagick`"
        );
    };
    let path = screenshots_dir()?.join(format!("{name}.png"));
    let mut command = Command::new(import);
    command
        .args(["-display", &display.name(), "-window", "root"])
        .arg(&path);
    let output = output_within(&mut command, PATIENCE)?;
    if !output.status.success() {
        bail!(
            "import could not take a picture of the display: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    println!("screenshot: {}", path.display());
    Ok(path)
}

/// Runs `command` to its end, for at most `limit` (then it is killed and the test fails).
fn output_within(command: &mut Command, limit: Duration) -> Result<Output> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("could not run {command:?}"))?;
    let deadline = Instant::now() + limit;
    while child.try_wait()?.is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            bail!("{command:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child
        .wait_with_output()
        .with_context(|| format!("could not read what {command:?} printed"))
}

/// `text` as a POSIX extended regular expression matching exactly it (xdotool's `--name`).
fn regex_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\^$.|?*+()[]{}".contains(c) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}
