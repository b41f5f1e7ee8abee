//! HTTPS for the central office: the server's certificate chain and private key (PEM files, as a
//! CCAS's IT service or its own certificate authority hands them out) read into a rustls server
//! configuration with the ring crypto provider. Everything is read and checked before the service
//! listens, so a missing file, a file without a certificate or a key that does not match the
//! certificate stops `serve` with the reason instead of failing at the first desk's handshake.

use std::path::Path;
use std::sync::Arc;

use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

use crate::error::{CentralError, Result};

/// The rustls configuration of a service presenting the chain in `cert` (PEM, the server's
/// certificate first) with the private key in `key` (PEM: PKCS#8, PKCS#1 or SEC1).
pub fn server_config(cert: &Path, key: &Path) -> Result<Arc<ServerConfig>> {
    let certs = read_chain(cert)?;
    let key = read_key(key)?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| CentralError::Tls(format!("protocol versions: {e}")))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| {
            CentralError::Tls(format!(
                "the key does not go with the certificate {}: {e}",
                cert.display()
            ))
        })?;
    Ok(Arc::new(config))
}

fn read_chain(path: &Path) -> Result<Vec<CertificateDer<'static>>> {
    let bytes = read(path)?;
    let certs = CertificateDer::pem_slice_iter(&bytes)
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| CentralError::Tls(format!("{}: unreadable PEM: {e}", path.display())))?;
    if certs.is_empty() {
        return Err(CentralError::Tls(format!(
            "{}: no certificate (PEM \"BEGIN CERTIFICATE\") in the file",
            path.display()
        )));
    }
    Ok(certs)
}

fn read_key(path: &Path) -> Result<PrivateKeyDer<'static>> {
    let bytes = read(path)?;
    PrivateKeyDer::from_pem_slice(&bytes).map_err(|e| {
        CentralError::Tls(format!(
            "{}: no private key in the file (PEM PKCS#8, PKCS#1 or SEC1 expected): {e}",
            path.display()
        ))
    })
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| CentralError::Tls(format!("{}: {e}", path.display())))
}
