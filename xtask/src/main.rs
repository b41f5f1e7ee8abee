//! `cargo xtask`: the README's commands, written in Rust so that they run wherever cargo runs.
//!
//! - `cargo xtask run [--case-file PATH]`: installs the missing system packages, builds the UI and the
//!   desk app, creates the demo case file on first start, and opens the app on it.
//! - `cargo xtask test`: installs what the tests need, then runs every check CI runs, stage by stage,
//!   stopping at the first that fails (debug builds, no benchmarks).
//! - `cargo xtask bench`: the benchmarks of the core, the store (import, search, campaign), the
//!   printed documents and sync, then the desk app's start-up time and memory on a 100,000-household
//!   case file (release build, under Xvfb); `cargo xtask bench desk` runs only the latter.
//!
//! A *stage* is one step with a header and a timing; the summary at the end lists them all.

mod setup;
mod stages;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::stages::{Stages, command_in};

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  run [--case-file PATH]   build and open the desk app (on the demo case file unless PATH is given)
  test                     install what the tests need, then fmt, clippy, Rust, UI and window tests
  bench [desk]             run the benchmarks of the core, store, print and central (sync) crates,
                           then the desk app's start-up and memory (release, 100,000
                           households); `desk`: only the latter";

/// The path prefix of the window tests (`tests/window/`), which need the built desk app and a display.
const WINDOW_TESTS: &str = "desk_window::";

/// The demo case file `cargo xtask run` creates on first start, under the target directory.
const DEMO_CASE_FILE: &str = "demo/guichet-demo.sqlite";

/// The case file the desk benchmark opens, made once under the target directory.
const BENCH_HOUSEHOLDS: usize = 100_000;
const BENCH_CASE_FILE: &str = "bench/guichet-100000.sqlite";

fn main() {
    if let Err(error) = run_main() {
        eprintln!("xtask: {error:#}");
        std::process::exit(1);
    }
}

fn run_main() -> Result<()> {
    let mut args = std::env::args_os().skip(1);
    let command = args.next().and_then(|a| a.into_string().ok());
    let rest: Vec<OsString> = args.collect();
    match command.as_deref() {
        Some("run") => run(&rest),
        Some("test") => test(&rest),
        Some("bench") => bench(&rest),
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => bail!("unknown command `{other}`\n\n{USAGE}"),
        None => bail!("no command given\n\n{USAGE}"),
    }
}

/// The workspace root: this crate lives in `<root>/xtask`.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Cargo's target directory, honouring `CARGO_TARGET_DIR` as cargo does.
fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => root.join(dir),
        _ => root.join("target"),
    }
}

/// The path of the desk app built in debug mode.
fn desk_binary(root: &Path) -> PathBuf {
    target_dir(root)
        .join("debug")
        .join(format!("guichet-desk{}", std::env::consts::EXE_SUFFIX))
}

fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

fn run(args: &[OsString]) -> Result<()> {
    let case_file = match args {
        [] => None,
        [flag, path] if flag == "--case-file" => Some(PathBuf::from(path)),
        _ => bail!("`run` takes only `--case-file PATH`\n\n{USAGE}"),
    };
    let root = root();
    let ui = root.join("ui");
    let mut stages = Stages::new();

    stages.run("system packages", || {
        setup::system_packages(setup::BUILD_PACKAGES)
    })?;
    stages.run("UI dependencies", || setup::npm_dependencies(&ui, false))?;
    stages.run("UI build", || {
        command_in(&ui, setup::npm().args(["run", "build"]))
    })?;
    stages.run("desk app build", || {
        command_in(&root, cargo().args(["build", "-p", "guichet-desk"]))
    })?;

    let case_file = match case_file {
        Some(path) => path,
        None => {
            let demo = target_dir(&root).join(DEMO_CASE_FILE);
            if demo.exists() {
                println!("Demo case file: {} (already there)", demo.display());
            } else {
                stages.run("demo case file", || create_demo_case_file(&root, &demo))?;
            }
            demo
        }
    };

    stages.summary();
    println!("\nOpening the desk app on {}", case_file.display());
    let status = Command::new(desk_binary(&root))
        .arg("--case-file")
        .arg(&case_file)
        .status()
        .context("could not start the desk app")?;
    if !status.success() {
        bail!("the desk app stopped with {status}");
    }
    Ok(())
}

/// Creates the demo case file through the `guichet` CLI (the same path an administrator would take).
/// A half-made file is removed so that the next start tries again.
fn create_demo_case_file(root: &Path, demo: &Path) -> Result<()> {
    if let Some(parent) = demo.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("could not create {}", parent.display()))?;
    }
    println!(
        "Creating a demo case file of 500 households: {}",
        demo.display()
    );
    let result = command_in(
        root,
        cargo()
            .args(["run", "-p", "guichet-cli", "--bin", "guichet", "--"])
            .arg("--case-file")
            .arg(demo)
            .args([
                "init",
                "--desk",
                "01",
                "--agent",
                "Camille Laurent",
                "--supervisor",
                "Nadia Haddad",
                "--demo",
                "500",
            ]),
    );
    if result.is_err() {
        for suffix in ["", "-wal", "-shm"] {
            let mut path = demo.as_os_str().to_owned();
            path.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(path));
        }
    }
    result
}

fn test(args: &[OsString]) -> Result<()> {
    if !args.is_empty() {
        bail!("`test` takes no argument\n\n{USAGE}");
    }
    let root = root();
    let ui = root.join("ui");
    let mut stages = Stages::new();

    stages.run("system packages", || {
        setup::system_packages(setup::BUILD_PACKAGES)?;
        setup::system_packages(setup::TEST_PACKAGES)
    })?;
    stages.run("tauri-driver", setup::tauri_driver)?;
    stages.run("UI dependencies", || setup::npm_dependencies(&ui, true))?;
    stages.run("rustfmt", || {
        command_in(&root, cargo().args(["fmt", "--all", "--check"]))
    })?;
    stages.run("UI tests", || command_in(&ui, setup::npm().arg("test")))?;
    // The desk app embeds ui/dist at compile time, so the UI is built before anything compiles it.
    stages.run("UI build", || {
        command_in(&ui, setup::npm().args(["run", "build"]))
    })?;
    stages.run("clippy", || {
        command_in(
            &root,
            cargo().args([
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
        )
    })?;
    // Every cargo command below selects the whole workspace with its test targets, so that cargo
    // resolves the same features each time and builds each crate once: selecting fewer packages
    // (`-p guichet-desk`) would change the features of shared dependencies and rebuild the Tauri stack.
    stages.run("Rust build", || {
        command_in(
            &root,
            cargo().args(["build", "--workspace", "--all-targets"]),
        )
    })?;
    stages.run("Rust tests", || {
        command_in(
            &root,
            cargo().args([
                "test",
                "--workspace",
                "--no-fail-fast",
                "--",
                "--skip",
                WINDOW_TESTS,
            ]),
        )
    })?;
    // The window tests drive the desk app built above (target/debug/guichet-desk).
    stages.run("window tests", || {
        command_in(
            &root,
            cargo().args([
                "test",
                "--workspace",
                "--test",
                "window",
                "--",
                WINDOW_TESTS,
                "--test-threads=1",
            ]),
        )
    })?;
    stages.summary();
    Ok(())
}

fn bench(args: &[OsString]) -> Result<()> {
    let root = root();
    let mut stages = Stages::new();
    let desk_only = args.first().is_some_and(|a| a == "desk");
    if !desk_only {
        stages.run("benchmarks", || {
            command_in(
                &root,
                cargo()
                    .args([
                        "bench",
                        "-p",
                        "guichet-core",
                        "-p",
                        "guichet-store",
                        "-p",
                        "guichet-print",
                        "-p",
                        "guichet-central",
                    ])
                    .args(args),
            )
        })?;
    }
    desk_bench(&root, &mut stages)?;
    stages.summary();
    Ok(())
}

/// The desk app's start-up and memory: release build of the UI and the app, a 100,000-household
/// case file made once with the release `guichet` CLI, then `desk-bench` (tests/bench/) drives the
/// app through WebDriver under Xvfb and prints the figures against issue 4's targets.
fn desk_bench(root: &Path, stages: &mut Stages) -> Result<()> {
    let ui = root.join("ui");
    stages.run("system packages", || {
        setup::system_packages(setup::BUILD_PACKAGES)?;
        setup::system_packages(setup::TEST_PACKAGES)
    })?;
    stages.run("tauri-driver", setup::tauri_driver)?;
    stages.run("UI dependencies", || setup::npm_dependencies(&ui, false))?;
    stages.run("UI build", || {
        command_in(&ui, setup::npm().args(["run", "build"]))
    })?;
    stages.run("release build", || {
        command_in(
            root,
            cargo().args([
                "build",
                "--release",
                "-p",
                "guichet-cli",
                "-p",
                "guichet-desk",
                "--features",
                "guichet-desk/custom-protocol",
            ]),
        )
    })?;
    let case_file = target_dir(root).join(BENCH_CASE_FILE);
    if case_file.exists() {
        println!("Bench case file: {} (already there)", case_file.display());
    } else {
        stages.run("bench case file", || {
            create_bench_case_file(root, &case_file)
        })?;
    }
    stages.run("desk start-up and memory", || {
        command_in(
            root,
            cargo()
                .args(["run", "-p", "guichet-tests", "--bin", "desk-bench", "--"])
                .arg("--case-file")
                .arg(&case_file),
        )
    })
}

/// `guichet init --demo 100000` with the release CLI; a half-made file is removed.
fn create_bench_case_file(root: &Path, case_file: &Path) -> Result<()> {
    if let Some(parent) = case_file.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("could not create {}", parent.display()))?;
    }
    let cli = target_dir(root)
        .join("release")
        .join(format!("guichet{}", std::env::consts::EXE_SUFFIX));
    let result = command_in(
        root,
        Command::new(cli)
            .arg("--case-file")
            .arg(case_file)
            .args([
                "init",
                "--desk",
                "01",
                "--agent",
                "Camille Laurent",
                "--supervisor",
                "Nadia Haddad",
                "--demo",
            ])
            .arg(BENCH_HOUSEHOLDS.to_string()),
    );
    if result.is_err() {
        for suffix in ["", "-wal", "-shm"] {
            let mut path = case_file.as_os_str().to_owned();
            path.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(path));
        }
    }
    result
}
