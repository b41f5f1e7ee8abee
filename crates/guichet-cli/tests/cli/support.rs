//! Running the `guichet` binary and reading what it says.

use std::path::Path;
use std::process::{Command, Output};

/// A finished run of `guichet`.
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

/// Runs `guichet` with `args`, no case file from the environment, today fixed.
pub fn guichet(args: &[&str]) -> Run {
    guichet_in(None, args)
}

pub fn guichet_in(case_file: Option<&Path>, args: &[&str]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_guichet"));
    command
        .env_remove("GUICHET_CASE_FILE")
        .env_remove("GUICHET_AGENT")
        .env("GUICHET_TODAY", "2025-11-20");
    if let Some(path) = case_file {
        command.arg("--case-file").arg(path);
    }
    let Output {
        status,
        stdout,
        stderr,
    } = command.args(args).output().expect("guichet runs");
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// Writes `text` to `name` in `dir` and returns its path as a string.
pub fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}
