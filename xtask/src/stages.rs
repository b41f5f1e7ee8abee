//! Stages: a header before each step, its duration after, and a summary at the end. The first stage
//! that fails stops the run, and the error names it.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

#[derive(Debug, Default)]
pub struct Stages {
    done: Vec<(String, Duration)>,
}

impl Stages {
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs one stage; on failure the error says which stage failed and how long it ran.
    pub fn run(&mut self, name: &str, step: impl FnOnce() -> Result<()>) -> Result<()> {
        println!("\n==> [{name}]");
        let started = Instant::now();
        let result = step();
        let took = started.elapsed();
        match result {
            Ok(()) => {
                println!("<== [{name}] ok in {}", seconds(took));
                self.done.push((name.to_owned(), took));
                Ok(())
            }
            Err(error) => {
                self.summary();
                Err(error.context(format!("stage `{name}` failed after {}", seconds(took))))
            }
        }
    }

    /// Prints each stage that passed with its duration.
    pub fn summary(&self) {
        if self.done.is_empty() {
            return;
        }
        println!("\nStages passed:");
        let mut total = Duration::ZERO;
        for (name, took) in &self.done {
            println!("  {name:<18} {:>8}", seconds(*took));
            total += *took;
        }
        println!("  {:<18} {:>8}", "total", seconds(total));
    }
}

fn seconds(duration: Duration) -> String {
    format!("{:.1} s", duration.as_secs_f64())
}

/// Runs a command in a folder, echoing it first, and fails when it exits non-zero.
pub fn command_in(dir: &Path, command: &mut Command) -> Result<()> {
    command.current_dir(dir);
    println!("$ {}", describe(command));
    let status = command
        .status()
        .with_context(|| format!("could not start `{}`", describe(command)))?;
    if !status.success() {
        bail!("`{}` exited with {status}", describe(command));
    }
    Ok(())
}

/// The command line as a person would type it (arguments with spaces or quotes are quoted).
pub fn describe(command: &Command) -> String {
    std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|part| quote(&part.to_string_lossy()))
        .collect::<Vec<_>>()
        .join(" ")
}

fn quote(part: &str) -> String {
    let plain = !part.is_empty()
        && part
            .chars()
            .all(|c| c.is_alphanumeric() || "-_./=:,@%+".contains(c));
    if plain {
        part.to_owned()
    } else {
        format!("'{}'", part.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn described_command_can_be_pasted_into_a_shell() {
        let mut command = Command::new("cargo");
        command.args([
            "run",
            "--agent",
            "Camille Laurent",
            "--note",
            "l'accueil",
            "",
        ]);
        assert_eq!(
            describe(&command),
            "cargo run --agent 'Camille Laurent' --note 'l'\\''accueil' ''"
        );
    }
}
