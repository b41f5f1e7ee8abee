//! The real central office (`guichet-central`, debug build) and the `guichet` command of a second
//! desk, for the window tests of sync: the central office is started on 127.0.0.1 on a port chosen
//! once, so that it can be stopped (the desk goes offline) and started again where the enrolled
//! desk expects it.

use std::net::{Ipv4Addr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};

use super::{Owned, free_port, spawn_owned, target_dir};

/// A debug binary of the workspace; an error says how to build it when it is not there.
pub fn workspace_binary(name: &str) -> Result<PathBuf> {
    let binary = target_dir()
        .join("debug")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    if !binary.is_file() {
        bail!(
            "{} is missing: build the workspace first (`cargo build --workspace --all-targets`, \
             as `cargo xtask test` does)",
            binary.display()
        );
    }
    Ok(binary)
}

/// Runs `command` and returns its standard output; fails with both outputs when it fails.
pub fn output_of(command: &mut Command) -> Result<String> {
    let out = command
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("could not run {command:?}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    ensure!(
        out.status.success(),
        "{command:?} failed ({}):\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(stdout)
}

/// A central office: its database in a folder of the test, its port fixed, its process running or
/// not.
#[derive(Debug)]
pub struct CentralOffice {
    binary: PathBuf,
    db: PathBuf,
    port: u16,
    process: Option<Owned>,
}

impl CentralOffice {
    /// A central office whose database lives in `dir`; not started.
    pub fn new(dir: &Path) -> Result<CentralOffice> {
        Ok(CentralOffice {
            binary: workspace_binary("guichet-central")?,
            db: dir.join("central.sqlite"),
            port: free_port()?,
            process: None,
        })
    }

    /// Where desks reach it.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Starts `guichet-central serve` and waits until it accepts connections.
    pub fn start(&mut self) -> Result<()> {
        ensure!(self.process.is_none(), "the central office already runs");
        let mut process = spawn_owned(
            "guichet-central",
            Command::new(&self.binary)
                .arg("--db")
                .arg(&self.db)
                .args(["serve", "--listen", &format!("127.0.0.1:{}", self.port)])
                .stdout(Stdio::null()),
        )?;
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if TcpStream::connect((Ipv4Addr::LOCALHOST, self.port)).is_ok() {
                self.process = Some(process);
                return Ok(());
            }
            if let Ok(Some(status)) = process.child.try_wait() {
                bail!("guichet-central stopped at start ({status})");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        bail!(
            "guichet-central did not listen on port {} within 20 s",
            self.port
        )
    }

    /// Stops it (the desks find it silent).
    pub fn stop(&mut self) {
        self.process = None;
    }

    /// Runs an administration command on its database; its standard output.
    pub fn admin(&self, args: &[&str]) -> Result<String> {
        output_of(
            Command::new(&self.binary)
                .arg("--db")
                .arg(&self.db)
                .args(args),
        )
    }

    /// A one-time enrolment code for desk `desk` (the last line printed).
    pub fn enrolment_code(&self, desk: &str) -> Result<String> {
        let out = self.admin(&["enrolment-code", "--desk", desk])?;
        out.lines()
            .last()
            .map(|line| line.trim().to_owned())
            .filter(|code| !code.is_empty())
            .context("enrolment-code printed no code")
    }

    /// `guichet-central conflicts --json`: the list of conflicts.
    pub fn conflicts(&self) -> Result<Vec<serde_json::Value>> {
        let json: serde_json::Value = serde_json::from_str(&self.admin(&["conflicts", "--json"])?)?;
        json["conflicts"]
            .as_array()
            .cloned()
            .context("conflicts --json has no list")
    }
}
