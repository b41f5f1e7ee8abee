//! HTTPS: a central office serving with a certificate from the CCAS's own authority (made here
//! with rcgen), desks enrolled with and without that authority, certificates for another name or
//! out of date, an `http://` address given for the HTTPS port, and `serve` refusing unusable
//! TLS files before it listens.

use std::path::PathBuf;

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};

use crate::support::{Central, Desk, central_bin, fixture};

/// A certificate authority and a server certificate it signed, written as PEM files.
struct Pki {
    dir: tempfile::TempDir,
}

impl Pki {
    /// An authority, and a certificate for `names` valid from `not_before` to `not_after`
    /// (years).
    fn new(names: &[&str], not_before: i32, not_after: i32) -> Pki {
        let dir = tempfile::tempdir().unwrap();
        let ca_key = KeyPair::generate().unwrap();
        let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca.distinguished_name
            .push(DnType::CommonName, "Autorité de test du CCAS");
        ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let ca_cert = ca.self_signed(&ca_key).unwrap();
        let issuer = Issuer::new(ca, ca_key);

        let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        let mut server = CertificateParams::new(names).unwrap();
        server
            .distinguished_name
            .push(DnType::CommonName, "guichet-central");
        server.not_before = rcgen::date_time_ymd(not_before, 1, 1);
        server.not_after = rcgen::date_time_ymd(not_after, 1, 1);
        let server_key = KeyPair::generate().unwrap();
        let server_cert = server.signed_by(&server_key, &issuer).unwrap();

        std::fs::write(dir.path().join("ca.pem"), ca_cert.pem()).unwrap();
        std::fs::write(dir.path().join("server.pem"), server_cert.pem()).unwrap();
        std::fs::write(dir.path().join("server.key"), server_key.serialize_pem()).unwrap();
        Pki { dir }
    }

    /// A certificate for 127.0.0.1 and localhost, valid now.
    fn local() -> Pki {
        Pki::new(&["localhost", "127.0.0.1"], 2020, 2999)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn central(&self) -> Central {
        Central::start_tls(&self.path("server.pem"), &self.path("server.key"))
    }
}

fn enrolled_desks(central: &Central) -> usize {
    central.ok(&["desks", "--json"]).json()["desks"]
        .as_array()
        .unwrap()
        .len()
}

fn journal_len(desk: &Desk) -> i64 {
    desk.sql()
        .query_row("SELECT COUNT(*) FROM journal", [], |r| r.get(0))
        .unwrap()
}

/// Enrols `desk` at `url` with a fresh code, with the authority `ca` when given.
fn try_enrol(
    desk: &Desk,
    central: &Central,
    url: &str,
    ca: Option<&PathBuf>,
) -> crate::support::Run {
    let code = central.code(&desk.number);
    let mut args = vec!["enrol", "--central", url, "--code", &code];
    let ca = ca.map(|p| p.to_string_lossy().into_owned());
    if let Some(ca) = &ca {
        args.extend_from_slice(&["--ca-cert", ca]);
    }
    desk.run(&args)
}

#[test]
fn desk_enrolled_with_the_ccas_authority_syncs_over_https() {
    let pki = Pki::local();
    let central = pki.central();
    assert!(central.url.starts_with("https://"), "{}", central.url);
    let desk = Desk::new("01");
    desk.ok(&[
        "import",
        fixture("le-goff-newcomers-mael.json").to_str().unwrap(),
    ]);

    let run = try_enrol(&desk, &central, &central.url, Some(&pki.path("ca.pem")));
    assert_eq!(run.code, 0, "{}\n{}", run.stderr, run.stdout);
    // The authority is kept in the case file, and every later run trusts it.
    let kept: String = desk
        .sql()
        .query_row("SELECT ca_pem FROM sync_settings", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, std::fs::read_to_string(pki.path("ca.pem")).unwrap());
    let synced = desk.sync();
    assert_eq!(synced["pending"], 0, "{synced}");
    let events = journal_len(&desk);
    assert!(events > 0);
    assert_eq!(synced["pushed"], events, "{synced}");

    let desks = central.ok(&["desks", "--json"]).json();
    assert_eq!(desks["desks"][0]["desk"], "01", "{desks}");
    assert_eq!(desks["desks"][0]["events"], events, "{desks}");
    assert_eq!(desks["desks"][0]["last_seq"], events, "{desks}");

    // A second desk pulls them over HTTPS too.
    let other = Desk::new("02");
    let run = try_enrol(&other, &central, &central.url, Some(&pki.path("ca.pem")));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(other.sync()["pulled"], events);
}

#[test]
fn desk_without_the_authority_is_refused_as_not_trusted_and_nothing_is_stored() {
    let pki = Pki::local();
    let central = pki.central();
    let desk = Desk::new("01");
    desk.ok(&[
        "import",
        fixture("le-goff-newcomers-mael.json").to_str().unwrap(),
    ]);

    let run = try_enrol(&desk, &central, &central.url, None);
    assert_eq!(run.code, 1, "{}\n{}", run.stderr, run.stdout);
    assert!(
        run.stderr.contains("Le certificat du service central")
            && run.stderr.contains("n'est pas reconnu"),
        "{}",
        run.stderr
    );
    // The English detail goes to the log.
    assert!(run.stderr.contains("UnknownIssuer"), "{}", run.stderr);
    assert_eq!(enrolled_desks(&central), 0);
    let enrolled: i64 = desk
        .sql()
        .query_row("SELECT COUNT(*) FROM sync_settings", [], |r| r.get(0))
        .unwrap();
    assert_eq!(enrolled, 0);
    // The refusal is the desk's, before any request: it was never retried as "unreachable".
    assert!(!run.stderr.contains("ne répond pas"), "{}", run.stderr);
}

#[test]
fn certificate_for_another_name_or_out_of_date_is_refused_with_what_is_wrong() {
    let cases = [
        (
            Pki::new(&["central.ccas.example"], 2020, 2999),
            "n'est pas établi pour ce nom",
            "NameMismatch",
        ),
        (
            Pki::new(&["localhost", "127.0.0.1"], 2020, 2021),
            "a expiré",
            "Expired",
        ),
    ];
    for (pki, french, english) in cases {
        let central = pki.central();
        let desk = Desk::new("01");
        let run = try_enrol(&desk, &central, &central.url, Some(&pki.path("ca.pem")));
        assert_eq!(run.code, 1, "{french}: {}", run.stderr);
        assert!(run.stderr.contains(french), "{french}: {}", run.stderr);
        assert!(run.stderr.contains(english), "{english}: {}", run.stderr);
        assert_eq!(enrolled_desks(&central), 0);
    }
}

#[test]
fn http_address_of_the_https_port_fails_cleanly_and_is_never_retried_as_https() {
    let pki = Pki::local();
    let central = pki.central();
    let desk = Desk::new("01");
    let plain = central.url.replacen("https://", "http://", 1);
    let started = std::time::Instant::now();
    let run = try_enrol(&desk, &central, &plain, None);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("n'a pas répondu en HTTP") && run.stderr.contains("https://"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(enrolled_desks(&central), 0);
    // A CA is refused with an http:// address: it would not be used.
    let run = try_enrol(&desk, &central, &plain, Some(&pki.path("ca.pem")));
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("https://"), "{}", run.stderr);
    assert_eq!(enrolled_desks(&central), 0);
}

#[test]
fn serve_refuses_unusable_tls_files_before_listening() {
    let pki = Pki::local();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("central.sqlite");
    let serve = |extra: &[&std::path::Path]| {
        let mut command = std::process::Command::new(central_bin());
        command
            .arg("--db")
            .arg(&db)
            .args(["serve", "--listen", "127.0.0.1:0"]);
        for (flag, path) in ["--tls-cert", "--tls-key"].iter().zip(extra) {
            command.arg(flag).arg(path);
        }
        command.output().unwrap()
    };
    let missing = dir.path().join("absent.pem");
    let cases: [(&[&std::path::Path], &str); 4] = [
        (
            &[&pki.path("server.pem")],
            "--tls-cert et --tls-key vont ensemble",
        ),
        (&[&missing, &pki.path("server.key")], "absent.pem"),
        (
            &[&pki.path("server.key"), &pki.path("server.key")],
            "no certificate",
        ),
        (
            &[&pki.path("server.pem"), &pki.path("ca.pem")],
            "no private key",
        ),
    ];
    for (files, expected) in cases {
        let out = serve(files);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{expected}: {stderr}");
        assert!(stderr.contains(expected), "{expected}: {stderr}");
        assert!(!stdout.contains("à l'écoute"), "{expected}: {stdout}");
    }
}
