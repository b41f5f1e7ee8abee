//! `guichet-central`: the central office's service and its administration commands. `--db` names
//! the SQLite file (before or after the subcommand); the commands work while the service runs.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};
use guichet_central::{CentralError, CentralStore};
use guichet_core::DeskNumber;

#[derive(Debug, Parser)]
#[command(
    name = "guichet-central",
    version,
    about = "Guichet : le service central (synchronisation des guichets)"
)]
struct Cli {
    /// The central office's database (SQLite file, created if missing).
    #[arg(long, global = true, env = "GUICHET_CENTRAL_DB")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the desks over HTTP, or HTTPS with `--tls-cert` and `--tls-key`.
    Serve {
        /// Address to listen on (`0.0.0.0:8080`; port 0 picks a free one, printed at start).
        #[arg(long)]
        listen: String,
        /// The service's certificate chain (PEM, its own certificate first): serve HTTPS.
        #[arg(long)]
        tls_cert: Option<PathBuf>,
        /// The private key of that certificate (PEM).
        #[arg(long)]
        tls_key: Option<PathBuf>,
    },
    /// Print a one-time enrolment code for a desk number (on the last line).
    EnrolmentCode {
        #[arg(long)]
        desk: String,
    },
    /// List the desks: last seq, events held, last contact, open conflicts.
    Desks {
        #[arg(long)]
        json: bool,
    },
    /// Revoke a desk: its requests are refused from now on.
    Revoke {
        #[arg(long)]
        desk: String,
    },
    /// Publish a version of a year's reference data (QF grid, schemes, budgets) to the desks.
    PublishReference {
        #[arg(long)]
        year: i32,
        /// The reference file (`fixtures/reference/<year>.toml` format).
        #[arg(long)]
        file: PathBuf,
    },
    /// List the conflicts.
    Conflicts {
        #[arg(long)]
        json: bool,
    },
}

fn desk_number(text: &str) -> anyhow::Result<u8> {
    DeskNumber::parse(text)
        .map(DeskNumber::get)
        .with_context(|| format!("« {text} » n'est pas un numéro de guichet : 01 à 99 attendu"))
}

/// A store error as the operator reads it.
fn explain(e: CentralError) -> anyhow::Error {
    match e {
        CentralError::Refused(refusal) => anyhow::anyhow!(refusal.reason),
        other => anyhow::Error::new(other),
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let db = cli
        .db
        .context("aucune base indiquée : --db CHEMIN ou GUICHET_CENTRAL_DB")?;
    match cli.command {
        Command::Serve {
            listen,
            tls_cert,
            tls_key,
        } => {
            let tls = match (tls_cert, tls_key) {
                (Some(cert), Some(key)) => Some(
                    guichet_central::tls::server_config(&cert, &key)
                        .context("certificat ou clé TLS inutilisable")?,
                ),
                (None, None) => None,
                _ => anyhow::bail!(
                    "--tls-cert et --tls-key vont ensemble : donnez les deux (HTTPS) ou aucun (HTTP)"
                ),
            };
            serve(&db, &listen, tls)
        }
        Command::EnrolmentCode { desk } => {
            let desk = desk_number(&desk)?;
            let code = CentralStore::open(&db)
                .and_then(|mut s| s.enrolment_code(desk))
                .map_err(explain)?;
            println!("Code d'inscription du guichet {desk:02} (à usage unique) :");
            println!("{code}");
            Ok(())
        }
        Command::Desks { json } => {
            let desks = CentralStore::open(&db)
                .and_then(|s| s.desks())
                .map_err(explain)?;
            if json {
                println!("{}", serde_json::json!({ "desks": desks }));
            } else if desks.is_empty() {
                println!("Aucun guichet inscrit.");
            } else {
                for d in desks {
                    println!(
                        "Guichet {} : {} événement(s), dernier n° {}, dernier contact {}, {} \
                         conflit(s) ouvert(s){}",
                        d.desk,
                        d.events,
                        d.last_seq,
                        d.last_contact.as_deref().unwrap_or("jamais"),
                        d.open_conflicts,
                        if d.revoked { " — révoqué" } else { "" }
                    );
                }
            }
            Ok(())
        }
        Command::Revoke { desk } => {
            let desk = desk_number(&desk)?;
            CentralStore::open(&db)
                .and_then(|mut s| s.revoke(desk))
                .map_err(explain)?;
            println!("Guichet {desk:02} révoqué.");
            Ok(())
        }
        Command::PublishReference { year, file } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("impossible de lire {}", file.display()))?;
            let digest = CentralStore::open(&db)
                .and_then(|mut s| s.publish_reference(year, &text))
                .map_err(explain)?;
            println!(
                "Données de référence {year} publiées (version {}) : les guichets les recevront \
                 à leur prochaine synchronisation.",
                &digest[..12.min(digest.len())]
            );
            Ok(())
        }
        Command::Conflicts { json } => {
            let conflicts = CentralStore::open(&db)
                .and_then(|s| s.conflicts(None))
                .map_err(explain)?;
            if json {
                println!("{}", serde_json::json!({ "conflicts": conflicts }));
            } else if conflicts.is_empty() {
                println!("Aucun conflit.");
            } else {
                for c in conflicts {
                    println!(
                        "Conflit n° {} ({}, {}) : guichets {} ; personnes {} ; bons {}",
                        c.id,
                        c.kind,
                        if c.status == "open" {
                            "ouvert"
                        } else {
                            "résolu"
                        },
                        c.desks.join(", "),
                        c.people.join(", "),
                        c.vouchers.join(", ")
                    );
                }
            }
            Ok(())
        }
    }
}

fn serve(
    db: &std::path::Path,
    listen: &str,
    tls: Option<Arc<rustls::ServerConfig>>,
) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .with_context(|| format!("impossible d'écouter sur {listen}"))?;
        let address = listener.local_addr()?;
        match tls {
            None => {
                println!("guichet-central : à l'écoute sur http://{address}");
                guichet_central::serve(listener, db, shutdown_signal())
                    .await
                    .map_err(explain)
            }
            Some(tls) => {
                println!("guichet-central : à l'écoute sur https://{address}");
                let listener = listener.into_std()?;
                guichet_central::serve_tls(listener, tls, db, shutdown_signal())
                    .await
                    .map_err(explain)
            }
        }
    })
}

/// Ctrl-C, or SIGTERM on Unix.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("guichet-central : {e:#}");
            ExitCode::FAILURE
        }
    }
}
