//! Starting the central office, running desks, and reading what they say.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// Today, for every desk of the tests.
pub const TODAY: &str = "2025-11-20";

/// A finished run of a command.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}): {}\nstderr: {}",
                self.stdout, self.stderr
            )
        })
    }
}

fn run(mut command: Command) -> Run {
    let out = command.output().expect("the command runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn central_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_guichet-central"))
}

/// The `guichet` binary, built beside `guichet-central` (`cargo test -p guichet-central -p
/// guichet-cli`, or the whole workspace, builds both). Cargo does not rebuild it for
/// `cargo test -p guichet-central` alone: after changing the desk side, name both packages.
pub fn guichet_bin() -> PathBuf {
    let bin = central_bin().with_file_name(format!("guichet{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.is_file(),
        "{} is missing: build it too (cargo test -p guichet-central -p guichet-cli)",
        bin.display()
    );
    bin
}

/// A central office process on 127.0.0.1, with its database in a temporary folder.
pub struct Central {
    /// Holds the database's folder until the end of the test.
    _dir: TempDir,
    pub db: PathBuf,
    pub url: String,
    pub port: u16,
    /// Arguments of `serve` after `--listen` (the TLS files).
    serve_args: Vec<String>,
    child: Option<Child>,
}

impl Central {
    pub fn start() -> Central {
        Central::start_with(&[], "http")
    }

    /// A central office serving HTTPS with the certificate and key in these PEM files.
    pub fn start_tls(cert: &Path, key: &Path) -> Central {
        let args = [
            "--tls-cert".to_owned(),
            cert.to_string_lossy().into_owned(),
            "--tls-key".to_owned(),
            key.to_string_lossy().into_owned(),
        ];
        Central::start_with(&args, "https")
    }

    fn start_with(serve_args: &[String], scheme: &str) -> Central {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("central.sqlite");
        let (child, port) = spawn(&db, 0, serve_args);
        Central {
            _dir: dir,
            db,
            url: format!("{scheme}://127.0.0.1:{port}"),
            port,
            serve_args: serve_args.to_vec(),
            child: Some(child),
        }
    }

    /// Kills the process (SIGKILL), as a power cut would.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Kills the process and starts it again on the same port and database.
    pub fn restart(&mut self) {
        self.kill();
        let started = Instant::now();
        loop {
            match try_spawn(&self.db, self.port, &self.serve_args) {
                Ok((child, _)) => {
                    self.child = Some(child);
                    return;
                }
                Err(e) if started.elapsed() < Duration::from_secs(10) => {
                    eprintln!("central restart: {e}, trying again");
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err(e) => panic!("central does not restart: {e}"),
            }
        }
    }

    /// Runs an administration command on the central office's database.
    pub fn cli(&self, args: &[&str]) -> Run {
        let mut command = Command::new(central_bin());
        command.arg("--db").arg(&self.db).args(args);
        run(command)
    }

    pub fn ok(&self, args: &[&str]) -> Run {
        let run = self.cli(args);
        assert_eq!(run.code, 0, "{args:?}: {}\n{}", run.stderr, run.stdout);
        run
    }

    /// A one-time enrolment code for `desk` (the last line printed).
    pub fn code(&self, desk: &str) -> String {
        let run = self.ok(&["enrolment-code", "--desk", desk]);
        run.stdout.lines().last().unwrap().trim().to_owned()
    }

    pub fn conflicts(&self) -> serde_json::Value {
        self.ok(&["conflicts", "--json"]).json()["conflicts"].clone()
    }

    /// The conflict numbered `id` as the central office lists it.
    pub fn conflict(&self, id: &serde_json::Value) -> serde_json::Value {
        let all = self.conflicts();
        all.as_array()
            .unwrap()
            .iter()
            .find(|c| &c["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("no conflict {id} in {all:#}"))
    }
}

impl Drop for Central {
    fn drop(&mut self) {
        self.kill();
    }
}

fn spawn(db: &Path, port: u16, serve_args: &[String]) -> (Child, u16) {
    try_spawn(db, port, serve_args).unwrap_or_else(|e| panic!("central does not start: {e}"))
}

/// Starts `guichet-central serve` and reads the address it listens on.
fn try_spawn(db: &Path, port: u16, serve_args: &[String]) -> Result<(Child, u16), String> {
    let mut child = Command::new(central_bin())
        .arg("--db")
        .arg(db)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .args(serve_args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| e.to_string())?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .map_err(|e| e.to_string())?;
    let Some(port) = line
        .trim()
        .rsplit(':')
        .next()
        .and_then(|p| p.parse::<u16>().ok())
    else {
        let _ = child.kill();
        let out = child.wait_with_output().map_err(|e| e.to_string())?;
        return Err(format!(
            "no address in {line:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    };
    Ok((child, port))
}

/// A desk: a case file in a temporary folder, driven through the `guichet` binary.
pub struct Desk {
    pub dir: TempDir,
    pub case_file: PathBuf,
    pub number: String,
}

pub const SUPERVISOR: &str = "Sophie Bernard";

impl Desk {
    /// A new case file for desk `number`, with an agent and a supervisor.
    pub fn new(number: &str) -> Desk {
        Desk::init(number, &[])
    }

    /// A new case file with `households` demo households.
    pub fn with_demo(number: &str, households: usize) -> Desk {
        Desk::init(number, &["--demo", &households.to_string()])
    }

    fn init(number: &str, extra: &[&str]) -> Desk {
        let dir = tempfile::tempdir().unwrap();
        let case_file = dir.path().join("case.sqlite");
        let desk = Desk {
            dir,
            case_file,
            number: number.to_owned(),
        };
        let agent = format!("Agent {number}");
        let mut args = vec![
            "init",
            "--desk",
            number,
            "--agent",
            &agent,
            "--supervisor",
            SUPERVISOR,
        ];
        args.extend_from_slice(extra);
        desk.ok(&args);
        desk
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(guichet_bin());
        command
            .env_remove("GUICHET_CASE_FILE")
            .env_remove("GUICHET_AGENT")
            .env("GUICHET_TODAY", TODAY)
            .arg("--case-file")
            .arg(&self.case_file)
            .args(args);
        command
    }

    pub fn run(&self, args: &[&str]) -> Run {
        run(self.command(args))
    }

    pub fn ok(&self, args: &[&str]) -> Run {
        let run = self.run(args);
        assert_eq!(run.code, 0, "{args:?}: {}\n{}", run.stderr, run.stdout);
        run
    }

    /// Enrols with a fresh code from `central` (at `url`, the central's or a proxy's).
    pub fn enrol(&self, central: &Central, url: &str) {
        let code = central.code(&self.number);
        self.ok(&["enrol", "--central", url, "--code", &code]);
    }

    pub fn sync(&self) -> serde_json::Value {
        self.ok(&["sync", "--json"]).json()
    }

    pub fn conflicts(&self) -> serde_json::Value {
        self.ok(&["conflicts", "--json"]).json()["conflicts"].clone()
    }

    /// Reads the case file directly (for checks the commands do not show).
    pub fn sql(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(&self.case_file).unwrap()
    }

    pub fn pdf(&self, name: &str) -> String {
        self.dir.path().join(name).to_string_lossy().into_owned()
    }
}

/// The path of a shipped fixture household.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/households")
        .join(name)
}

/// A small pseudo-random generator for kill points and cuts (seed printed by the tests).
pub struct Lcg(pub u64);

impl Lcg {
    pub fn seeded() -> Lcg {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1);
        eprintln!("random seed: {seed}");
        Lcg(seed)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}
