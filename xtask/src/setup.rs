//! Setup: what a fresh Debian or Ubuntu machine with only rustup and Node.js 20+ lacks. System packages
//! come from apt (through sudo when not root), tauri-driver from `cargo install`, the UI's packages from
//! `npm ci`. Each step checks first and says what it does.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

use crate::stages::{command_in, describe};

/// What building the desk app needs (WebKitGTK and friends; see TOOLCHAIN.md).
pub const BUILD_PACKAGES: &[&str] = &[
    "libwebkit2gtk-4.1-dev",
    "libgtk-3-dev",
    "librsvg2-dev",
    "libxdo-dev",
    "libssl-dev",
    "build-essential",
    "pkg-config",
];

/// What the tests need on top: a virtual display, WebKit's WebDriver, PDF and image tools, a font,
/// xdotool to type in the native file dialogs, and xdg-utils (`xdg-open`) for the system's viewer
/// with `file`, which its generic mode asks for a file's type when no desktop runs (named here
/// rather than left to the packages apt recommends).
pub const TEST_PACKAGES: &[&str] = &[
    "xvfb",
    "xauth",
    "webkit2gtk-driver",
    "poppler-utils",
    "qpdf",
    "imagemagick",
    "fonts-dejavu-core",
    "xdotool",
    "xdg-utils",
    "file",
];

/// Installs the packages that dpkg does not list as installed.
pub fn system_packages(packages: &[&str]) -> Result<()> {
    if !cfg!(target_os = "linux") {
        println!("Not on Linux: no system package to install.");
        return Ok(());
    }
    if !on_path("dpkg-query") || !on_path("apt-get") {
        println!(
            "No dpkg/apt on this machine: make sure these packages (Debian names) are installed: {}",
            packages.join(" ")
        );
        return Ok(());
    }
    let missing = missing_packages(packages)?;
    if missing.is_empty() {
        println!("Already installed: {}", packages.join(" "));
        return Ok(());
    }
    let as_root = is_root();
    println!(
        "Installing with apt-get{}: {}",
        if as_root { "" } else { " (through sudo)" },
        missing.join(" ")
    );
    let apt = |args: &[&str]| {
        let mut command = if as_root {
            Command::new("apt-get")
        } else {
            let mut sudo = Command::new("sudo");
            sudo.arg("apt-get");
            sudo
        };
        command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        command
    };
    command_in(Path::new("/"), &mut apt(&["update", "-q"]))?;
    command_in(
        Path::new("/"),
        apt(&["install", "-y", "-q"]).args(missing.iter()),
    )?;
    let still_missing = missing_packages(packages)?;
    if !still_missing.is_empty() {
        bail!("apt-get did not install: {}", still_missing.join(" "));
    }
    Ok(())
}

/// The packages dpkg does not report as `install ok installed`.
fn missing_packages(packages: &[&str]) -> Result<Vec<String>> {
    // dpkg-query prints the packages it knows and complains on stderr about the others.
    let output = Command::new("dpkg-query")
        .arg("-W")
        .arg("-f=${Package} ${Status}\n")
        .args(packages)
        .stderr(Stdio::null())
        .output()
        .context("could not run dpkg-query")?;
    let listing = String::from_utf8_lossy(&output.stdout);
    let installed: Vec<&str> = listing
        .lines()
        .filter(|line| line.ends_with(" install ok installed"))
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    Ok(packages
        .iter()
        .filter(|package| !installed.contains(package))
        .map(|package| (*package).to_owned())
        .collect())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|output| String::from_utf8_lossy(&output.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Whether a program is found on `PATH`.
pub fn on_path(program: &str) -> bool {
    find_on_path(program).is_some()
}

fn find_on_path(program: &str) -> Option<PathBuf> {
    let name = format!("{program}{}", std::env::consts::EXE_SUFFIX);
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(&name))
        .find(|path| path.is_file())
}

/// Cargo's `bin` folder, where `cargo install` puts programs.
fn cargo_bin_dir() -> Option<PathBuf> {
    if let Some(home) = std::env::var_os("CARGO_HOME").filter(|home| !home.is_empty()) {
        return Some(PathBuf::from(home).join("bin"));
    }
    let home = std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE"))?;
    Some(PathBuf::from(home).join(".cargo").join("bin"))
}

/// Installs tauri-driver with `cargo install` unless it is on `PATH` or in cargo's `bin` folder.
pub fn tauri_driver() -> Result<()> {
    let name = format!("tauri-driver{}", std::env::consts::EXE_SUFFIX);
    let installed = find_on_path("tauri-driver").or_else(|| {
        cargo_bin_dir()
            .map(|dir| dir.join(&name))
            .filter(|p| p.is_file())
    });
    if let Some(path) = installed {
        println!("tauri-driver: {}", path.display());
        return Ok(());
    }
    println!("Installing tauri-driver with cargo install (about 30 s)");
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.args(["install", "tauri-driver", "--locked"]);
    command_in(Path::new("."), &mut command)
}

/// `npm`, as it is named on this system.
pub fn npm() -> Command {
    Command::new(if cfg!(windows) { "npm.cmd" } else { "npm" })
}

/// Checks Node.js is 20 or newer, then runs `npm ci` in the UI folder: always when `always` is set
/// (CI), else only when `node_modules` is older than `package-lock.json`.
pub fn npm_dependencies(ui: &Path, always: bool) -> Result<()> {
    check_node()?;
    let lock = ui.join("package-lock.json");
    let installed = ui.join("node_modules").join(".package-lock.json");
    let up_to_date = match (modified(&lock), modified(&installed)) {
        (Some(lock), Some(installed)) => installed >= lock,
        _ => false,
    };
    if up_to_date && !always {
        println!("UI packages up to date (ui/node_modules)");
        return Ok(());
    }
    command_in(ui, npm().args(["ci", "--no-audit", "--no-fund"]))
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).ok()?.modified().ok()
}

fn check_node() -> Result<()> {
    let mut command = Command::new(if cfg!(windows) { "node.exe" } else { "node" });
    command.arg("--version");
    let output = command.output().with_context(|| {
        format!(
            "could not run `{}`: install Node.js 20 or newer first (see the README)",
            describe(&command)
        )
    })?;
    let version = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    let major = version
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|major| major.parse::<u32>().ok());
    match major {
        Some(major) if major >= 20 => {
            println!("Node.js {version}");
            Ok(())
        }
        _ => bail!("Node.js 20 or newer is needed, found `{version}` (see the README)"),
    }
}
