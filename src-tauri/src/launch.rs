//! Launch options: which case file the window opens and who is acting. The case file comes from
//! `--case-file PATH` (or `--case-file=PATH`), else `GUICHET_CASE_FILE`, else the default file in the
//! user's data folder (created on first start, see `session`); the agent from `GUICHET_AGENT`, else
//! the one the agent picks in the window at start.
//!
//! Unknown arguments are ignored: WebDriver and desktop launchers may add their own.

use std::ffi::OsString;
use std::path::PathBuf;

/// The case file's name inside the user's data folder.
const DEFAULT_FILE_NAME: &str = "guichet.sqlite";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Launch {
    /// The case file to open; `None` when no data folder could be found for the default one.
    pub case_file: Option<PathBuf>,
    /// True when no argument or variable named the case file (the default one is used).
    pub is_default_case_file: bool,
    /// The agent named at launch, if any.
    pub agent: Option<String>,
}

impl Launch {
    /// Reads the process's arguments and environment.
    pub fn from_process() -> Self {
        Self::from_parts(
            std::env::args_os().skip(1),
            std::env::var_os("GUICHET_CASE_FILE"),
            std::env::var("GUICHET_AGENT").ok(),
            default_case_file,
        )
    }

    fn from_parts(
        args: impl IntoIterator<Item = OsString>,
        case_file_env: Option<OsString>,
        agent_env: Option<String>,
        default: impl FnOnce() -> Option<PathBuf>,
    ) -> Self {
        let named = case_file_argument(args).or_else(|| {
            case_file_env
                .filter(|value| !value.is_empty())
                .map(PathBuf::from)
        });
        let is_default_case_file = named.is_none();
        let case_file = named.or_else(default);
        let agent = agent_env
            .map(|name| name.trim().to_owned())
            .filter(|name| !name.is_empty());
        Self {
            case_file,
            is_default_case_file,
            agent,
        }
    }
}

/// The value of the last `--case-file` argument.
fn case_file_argument(args: impl IntoIterator<Item = OsString>) -> Option<PathBuf> {
    let mut found = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--case-file" {
            found = args.next().map(PathBuf::from);
        } else if let Some(value) = arg.to_str().and_then(|a| a.strip_prefix("--case-file=")) {
            found = Some(PathBuf::from(value));
        }
    }
    found.filter(|path| !path.as_os_str().is_empty())
}

/// `guichet.sqlite` in the user's data folder (`~/.local/share/guichet/` on Linux,
/// `%APPDATA%\CCAS\Guichet\data\` on Windows).
pub fn default_case_file() -> Option<PathBuf> {
    directories::ProjectDirs::from("fr", "CCAS", "Guichet")
        .map(|dirs| dirs.data_dir().join(DEFAULT_FILE_NAME))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn launch(args: &[&str], env_file: Option<&str>, env_agent: Option<&str>) -> Launch {
        Launch::from_parts(
            args.iter().map(OsString::from),
            env_file.map(OsString::from),
            env_agent.map(str::to_owned),
            || {
                Some(PathBuf::from(
                    "/home/agent/.local/share/guichet/guichet.sqlite",
                ))
            },
        )
    }

    #[test]
    fn case_file_argument_wins_over_environment() {
        let launch = launch(
            &["--case-file", "/tmp/a.sqlite"],
            Some("/tmp/b.sqlite"),
            None,
        );
        assert_eq!(launch.case_file, Some(PathBuf::from("/tmp/a.sqlite")));
    }

    #[test]
    fn case_file_argument_may_use_an_equals_sign() {
        let launch = launch(&["--case-file=/tmp/a.sqlite"], None, None);
        assert_eq!(launch.case_file, Some(PathBuf::from("/tmp/a.sqlite")));
    }

    #[test]
    fn environment_names_the_case_file_when_no_argument_does() {
        let launch = launch(&["--automation"], Some("/tmp/b.sqlite"), None);
        assert_eq!(launch.case_file, Some(PathBuf::from("/tmp/b.sqlite")));
        assert!(!launch.is_default_case_file);
    }

    #[test]
    fn default_case_file_is_used_last() {
        let launch = launch(&[], Some(""), None);
        assert!(launch.is_default_case_file);
        assert_eq!(
            launch.case_file,
            Some(PathBuf::from(
                "/home/agent/.local/share/guichet/guichet.sqlite"
            ))
        );
    }

    #[test]
    fn unknown_arguments_are_ignored() {
        let launch = launch(&["--foo", "--case-file", "x.sqlite", "bar"], None, None);
        assert_eq!(launch.case_file, Some(PathBuf::from("x.sqlite")));
    }

    #[test]
    fn blank_agent_means_no_agent() {
        assert_eq!(launch(&[], None, Some("  ")).agent, None);
        assert_eq!(
            launch(&[], None, Some(" Camille Laurent ")).agent,
            Some("Camille Laurent".to_owned())
        );
    }
}
