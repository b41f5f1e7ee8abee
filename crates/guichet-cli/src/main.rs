//! `guichet`: the desk's use cases from a terminal — case file administration, import of online
//! requests, search, QF, and the simulators that check a request before it is imported; sync with
//! the central office (`enrol`, `sync`, `conflicts`, `resolve`). Each
//! subcommand parses its arguments, calls one use case, and formats the answer (text or `--json`).

mod casefile;
mod cli;
mod issue;
mod show;
mod simulate;
mod sync;
mod vouchers;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(failure) => {
            eprintln!("guichet : {}", failure.message);
            if let Some(detail) = &failure.detail {
                eprintln!("guichet: detail: {detail}");
            }
            failure.code
        }
    }
}
