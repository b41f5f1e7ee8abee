//! The desk's trust in the central office's certificate: the certificate authority a desk may be
//! enrolled with (a CCAS often signs its own servers' certificates), and why a certificate was
//! refused, read from rustls's error so that an agent is told what is wrong — not trusted, made
//! for another name, expired — rather than "unreachable".
//!
//! Words used here: the *authority* is the PEM certificate of the authority that signed the
//! central office's certificate, kept in the case file at enrolment; a *certificate problem* is
//! one reason rustls refused the central office's certificate.

use rustls::{CertificateError, RootCertStore};
use ureq::tls::{Certificate, PemItem};

use crate::error::SyncError;

/// Why the central office's certificate was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertificateProblem {
    /// Not signed by an authority this desk trusts (self-signed, or the central office's own
    /// authority was not given at enrolment).
    NotTrusted,
    /// Made for another name than the one in the central office's address.
    NameMismatch,
    /// Past its end of validity.
    Expired,
    /// Before its start of validity (often the desk's clock).
    NotYetValid,
    /// Revoked, badly signed, unreadable or not made for a server.
    Invalid,
}

/// The certificates in `pem` (an authority's PEM file), checked to be usable as trust anchors.
pub fn authority(pem: &str) -> Result<Vec<Certificate<'static>>, SyncError> {
    let mut certs = Vec::new();
    for item in ureq::tls::parse_pem(pem.as_bytes()) {
        match item {
            Ok(PemItem::Certificate(cert)) => certs.push(cert),
            Ok(_) => {}
            Err(e) => return Err(SyncError::Authority(format!("unreadable PEM: {e}"))),
        }
    }
    if certs.is_empty() {
        return Err(SyncError::Authority(
            "no certificate (PEM \"BEGIN CERTIFICATE\") in the file".to_owned(),
        ));
    }
    let mut roots = RootCertStore::empty();
    for cert in &certs {
        roots
            .add(cert.der().to_vec().into())
            .map_err(|e| SyncError::Authority(format!("not a usable authority: {e}")))?;
    }
    Ok(certs)
}

/// The error of a request to `url` that failed below HTTP: a certificate refused, a TLS
/// handshake that failed, or the network (transient).
pub fn classify(url: &str, error: ureq::Error) -> SyncError {
    let rustls_error = match &error {
        ureq::Error::Rustls(e) => Some(e),
        ureq::Error::Io(io) => io.get_ref().and_then(|e| e.downcast_ref::<rustls::Error>()),
        _ => None,
    };
    let detail = error.to_string();
    match rustls_error {
        Some(rustls::Error::InvalidCertificate(e)) => SyncError::Certificate {
            url: url.to_owned(),
            problem: problem(e),
            detail,
        },
        Some(_) => SyncError::Tls {
            url: url.to_owned(),
            detail,
        },
        // An answer that is not HTTP at an http:// address: most often the central office's
        // HTTPS port. Still retried (a connection cut mid-answer reads the same).
        None if matches!(error, ureq::Error::Protocol(_)) && !is_https(url) => SyncError::NotHttp {
            url: url.to_owned(),
            detail,
        },
        None => SyncError::Unreachable {
            url: url.to_owned(),
            detail,
        },
    }
}

fn is_https(url: &str) -> bool {
    url.get(..8)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"))
}

fn problem(error: &CertificateError) -> CertificateProblem {
    match error {
        CertificateError::UnknownIssuer => CertificateProblem::NotTrusted,
        CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
            CertificateProblem::NameMismatch
        }
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
            CertificateProblem::Expired
        }
        CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
            CertificateProblem::NotYetValid
        }
        _ => CertificateProblem::Invalid,
    }
}
