//! Command-line arguments and dispatch to the subcommands.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{ArgGroup, Args, Parser, Subcommand};
use guichet_core::checklist::Procedure;

/// A failure to report: a French message for the agent and the exit status.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub code: ExitCode,
    /// The English detail for the log (stderr), when there is more to say than the message.
    pub detail: Option<String>,
}

impl Failure {
    /// Bad input or a refused action: exit status 1.
    pub fn new(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            code: ExitCode::from(1),
            detail: None,
        }
    }

    pub fn with_code(message: impl Into<String>, code: u8) -> Self {
        Failure {
            message: message.into(),
            code: ExitCode::from(code),
            detail: None,
        }
    }
}

pub type Outcome = Result<ExitCode, Failure>;

#[derive(Debug, Parser)]
#[command(
    name = "guichet",
    version,
    about = "Guichet : le dossier du guichet en ligne de commande"
)]
pub struct Cli {
    /// The case file (SQLite).
    #[arg(long, global = true, env = "GUICHET_CASE_FILE")]
    pub case_file: Option<PathBuf>,
    /// The acting agent (default: the agent named at `init`).
    #[arg(long, global = true, env = "GUICHET_AGENT")]
    pub agent: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a case file for a desk.
    Init {
        /// The desk number, 01–99, given by the central office.
        #[arg(long)]
        desk: String,
        /// A supervisor to register with the first agent.
        #[arg(long)]
        supervisor: Option<String>,
        /// The desk's default site (CCAS, Hôtel de Ville, a mairie de village…).
        #[arg(long, default_value = "CCAS")]
        site: String,
        /// Add N demo households (500 when N is not given).
        #[arg(long, num_args = 0..=1, default_missing_value = "500")]
        demo: Option<usize>,
    },
    /// Agents of the case file.
    #[command(subcommand)]
    Agent(AgentCommand),
    /// Import request files (`guichet.household/1`), each all-or-nothing.
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Find households by name, first name, birth date, address or file number.
    Search {
        text: String,
        /// At most this many results.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// A household's file: members, documents, checklists, QF, aids, history.
    Show {
        /// The file number, `F-07-000123`.
        number: String,
        /// The day the file is judged on (default: today).
        #[arg(long, value_parser = parse_date)]
        on: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// Compute the QF of a household (from the case file, or from a request file).
    Qf(QfArgs),
    /// The document checklist of a request file for a procedure.
    Documents(SimulateArgs),
    /// The aids a request file's household is entitled to, and why not for the others.
    Eligibility(SimulateArgs),
    /// Voucher numbers.
    #[command(subcommand)]
    Voucher(VoucherCommand),
    /// Issue a household's numbered vouchers (all it is entitled to, or a scheme, a beneficiary)
    /// and print them.
    Issue {
        /// The household's file number, `F-07-000123`.
        #[arg(long)]
        household: String,
        /// Only this scheme (PL, CL, KS or LR); repeat it for several (`--scheme KS --scheme LR`
        /// at the kit distribution).
        #[arg(long, value_parser = crate::issue::parse_scheme)]
        scheme: Vec<guichet_core::Scheme>,
        /// Only this person, `P-07-000002`; may be repeated.
        #[arg(long)]
        beneficiary: Vec<String>,
        /// The day of issue (default: today).
        #[arg(long, value_parser = parse_date)]
        on: Option<NaiveDate>,
        /// Where to write the PDF.
        #[arg(long)]
        pdf: PathBuf,
        /// A supervisor's reason to issue past the scheme's budget.
        #[arg(long = "override")]
        override_reason: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Void a voucher (a supervisor): it keeps its number and shows as voided.
    Void {
        number: String,
        #[arg(long)]
        reason: String,
    },
    /// Void a voucher and issue a new number for the same beneficiary (a supervisor).
    Reissue {
        number: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        pdf: PathBuf,
    },
    /// Print a voucher again, marked DUPLICATA.
    Reprint {
        number: String,
        #[arg(long)]
        pdf: PathBuf,
    },
    /// Issue a scheme's vouchers to every eligible beneficiary of the case file, in one go.
    Campaign {
        #[arg(long, value_parser = crate::issue::parse_scheme)]
        scheme: guichet_core::Scheme,
        #[arg(long)]
        year: i32,
        #[arg(long, value_parser = parse_date)]
        on: Option<NaiveDate>,
        #[arg(long)]
        pdf: PathBuf,
        #[arg(long = "override")]
        override_reason: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Enrol this desk with the central office, with the one-time code printed for its number.
    Enrol {
        /// The central office's address (`https://central.ccas.local:8443`).
        #[arg(long)]
        central: String,
        /// The one-time enrolment code (`K7QF-2MXD-9PLA`).
        #[arg(long)]
        code: String,
        /// The certificate (PEM) of the central office's own certificate authority, kept in the
        /// case file and trusted for every later sync.
        #[arg(long)]
        ca_cert: Option<PathBuf>,
    },
    /// Send this desk's work to the central office and receive the other desks' and the
    /// conflicts that concern this desk.
    Sync {
        /// Events per pushed batch.
        #[arg(long, default_value_t = 500)]
        batch_size: usize,
        /// Events per pulled page (at most 2,000, the central office's limit).
        #[arg(long, default_value_t = 2000)]
        page_size: usize,
        #[arg(long)]
        json: bool,
    },
    /// Where sync stands (what the status bar shows): last sync, its error if the last attempt
    /// failed, events waiting, open conflicts.
    SyncStatus {
        #[arg(long)]
        json: bool,
    },
    /// The conflicts the central office raised that concern this desk (as of the last sync).
    Conflicts {
        #[arg(long)]
        json: bool,
    },
    /// Resolve a conflict (a supervisor): void one voucher, merge two persons, declare them
    /// different people, or keep one desk's version of a household. Synced like any other change.
    #[command(group(ArgGroup::new("action").required(true).args(["void", "keep", "distinct", "keep_desk"])))]
    Resolve {
        /// The conflict's number.
        conflict: i64,
        /// Double issuance: the voucher to void.
        #[arg(long, requires = "reason")]
        void: Option<String>,
        #[arg(long)]
        reason: Option<String>,
        /// Duplicate person: the person number to keep…
        #[arg(long, requires = "merged")]
        keep: Option<String>,
        /// …and the one that is the same person.
        #[arg(long)]
        merged: Option<String>,
        /// Duplicate person, "pas un doublon": every person the conflict names, who are
        /// different people (`--distinct P-01-000004,P-02-000004`).
        #[arg(long, value_delimiter = ',', num_args = 1..)]
        distinct: Vec<String>,
        /// Concurrent edit: the desk whose version of the household is kept…
        #[arg(long, requires = "household")]
        keep_desk: Option<String>,
        /// …and the household.
        #[arg(long)]
        household: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Print the QF attestation of a household's saved QF of a year.
    Attestation {
        #[arg(long)]
        household: String,
        #[arg(long)]
        year: i32,
        #[arg(long)]
        pdf: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct QfArgs {
    /// The household's file number (`F-07-000123`), in the case file.
    #[arg(long, conflicts_with = "file", required_unless_present = "file")]
    pub household: Option<String>,
    /// A request file (`guichet.household/1`), checked without any case file.
    #[arg(long)]
    pub file: Option<PathBuf>,
    /// The QF year.
    #[arg(long)]
    pub year: i32,
    /// The instruction date (default: today in Europe/Paris, or GUICHET_TODAY).
    #[arg(long, value_parser = parse_date)]
    pub on: Option<NaiveDate>,
    /// Save the QF in the case file.
    #[arg(long, requires = "household")]
    pub save: bool,
    /// Where the QF was computed (default: the desk's site).
    #[arg(long, requires = "save")]
    pub site: Option<String>,
    /// desk or online.
    #[arg(long, requires = "save", value_parser = ["desk", "online"])]
    pub channel: Option<String>,
    /// A supervisor's derogation: save despite an incomplete checklist, with this reason.
    #[arg(long, requires = "save")]
    pub derogation: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// A request file (`guichet.household/1`).
    #[arg(long)]
    pub file: PathBuf,
    /// The QF or campaign year.
    #[arg(long)]
    pub year: i32,
    /// The instruction date (default: today).
    #[arg(long, value_parser = parse_date)]
    pub on: Option<NaiveDate>,
    /// `qf` (default) or a scheme code (PL, CL, KS, LR, AM, MF); for `documents` only.
    #[arg(long, default_value = "qf", value_parser = parse_procedure)]
    pub procedure: Procedure,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum AgentCommand {
    /// Register an agent (a supervisor with --supervisor).
    Add {
        name: String,
        #[arg(long)]
        supervisor: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum VoucherCommand {
    /// Check that a voucher number is well formed and its check digits right.
    Check { number: String },
    /// A voucher of the case file: scheme, beneficiary, amount, status, links.
    Show {
        number: String,
        #[arg(long)]
        json: bool,
    },
}

/// Dates on the command line are ISO (`2025-06-15`).
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    guichet_core::dates::parse_iso(text)
        .ok_or_else(|| format!("« {text} » n'est pas une date AAAA-MM-JJ du calendrier"))
}

fn parse_procedure(text: &str) -> Result<Procedure, String> {
    Procedure::from_code(text)
        .ok_or_else(|| format!("procédure « {text} » inconnue (qf, PL, CL, KS, LR, AM ou MF)"))
}

pub fn run(cli: Cli) -> Outcome {
    use crate::casefile;
    let case_file = cli.case_file.as_ref();
    let agent = cli.agent.as_deref();
    match cli.command {
        Command::Init {
            desk,
            supervisor,
            site,
            demo,
        } => casefile::init(
            case_file,
            casefile::InitArgs {
                desk: &desk,
                agent,
                supervisor: supervisor.as_deref(),
                site: &site,
                demo,
            },
        ),
        Command::Agent(AgentCommand::Add { name, supervisor }) => {
            casefile::add_agent(case_file, agent, &name, supervisor)
        }
        Command::Import { files, json } => casefile::import(case_file, agent, &files, json),
        Command::Search { text, limit, json } => casefile::search(case_file, &text, limit, json),
        Command::Show { number, on, json } => casefile::show(case_file, &number, on, json),
        Command::Qf(args) => match (&args.file, &args.household) {
            (Some(file), _) => crate::simulate::qf(file, args.year, args.on, args.json),
            (None, Some(number)) => casefile::qf(case_file, agent, number, &args),
            (None, None) => Err(Failure::new("--household ou --file est attendu")),
        },
        Command::Documents(args) => crate::simulate::documents(&args),
        Command::Eligibility(args) => crate::simulate::eligibility(&args),
        Command::Voucher(VoucherCommand::Check { number }) => crate::vouchers::check(&number),
        Command::Voucher(VoucherCommand::Show { number, json }) => {
            crate::issue::show(case_file, &number, json)
        }
        Command::Issue {
            household,
            scheme,
            beneficiary,
            on,
            pdf,
            override_reason,
            json,
        } => crate::issue::issue(
            case_file,
            agent,
            &crate::issue::IssueArgs {
                household: &household,
                schemes: scheme,
                beneficiaries: beneficiary,
                on,
                pdf: &pdf,
                override_reason: override_reason.as_deref(),
                json,
            },
        ),
        Command::Void { number, reason } => crate::issue::void(case_file, agent, &number, &reason),
        Command::Reissue {
            number,
            reason,
            pdf,
        } => crate::issue::reissue(case_file, agent, &number, &reason, &pdf),
        Command::Reprint { number, pdf } => crate::issue::reprint(case_file, agent, &number, &pdf),
        Command::Campaign {
            scheme,
            year,
            on,
            pdf,
            override_reason,
            json,
        } => crate::issue::campaign(
            case_file,
            agent,
            &crate::issue::CampaignArgs {
                scheme,
                year,
                on,
                pdf: &pdf,
                override_reason: override_reason.as_deref(),
                json,
            },
        ),
        Command::Attestation {
            household,
            year,
            pdf,
        } => crate::issue::attestation(case_file, &household, year, &pdf),
        Command::Enrol {
            central,
            code,
            ca_cert,
        } => crate::sync::enrol(case_file, &central, &code, ca_cert.as_deref()),
        Command::Sync {
            batch_size,
            page_size,
            json,
        } => crate::sync::sync(case_file, agent, batch_size, page_size, json),
        Command::SyncStatus { json } => crate::sync::status(case_file, json),
        Command::Conflicts { json } => crate::sync::conflicts(case_file, json),
        Command::Resolve {
            conflict,
            void,
            reason,
            keep,
            merged,
            distinct,
            keep_desk,
            household,
            json,
        } => {
            let resolution = match (void, keep, keep_desk) {
                (None, None, None) if !distinct.is_empty() => {
                    guichet_store::Resolution::DistinctPersons { people: distinct }
                }
                (Some(voucher), _, _) => guichet_store::Resolution::VoidVoucher {
                    voucher,
                    reason: reason.unwrap_or_default(),
                },
                (None, Some(keep), _) => guichet_store::Resolution::MergePersons {
                    keep,
                    merged: merged.unwrap_or_default(),
                },
                (None, None, Some(desk)) => guichet_store::Resolution::KeepHousehold {
                    household: household.unwrap_or_default(),
                    desk: crate::sync::desk_text(&desk)?,
                },
                (None, None, None) => {
                    return Err(Failure::new(
                        "--void, --keep, --distinct ou --keep-desk est attendu",
                    ));
                }
            };
            crate::sync::resolve(case_file, agent, conflict, &resolution, json)
        }
    }
}
