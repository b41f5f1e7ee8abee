//! The desk's HTTP client of the central office: blocking (the desk's use cases are), with
//! timeouts, retries with exponential backoff for what may pass (a cut connection, a timeout, the
//! central office's own failure), and gzipped bodies both ways. A refusal is never retried.
//!
//! `https://` central offices are reached with rustls: their certificate must chain to Mozilla's
//! roots (webpki-roots), or, when the desk was enrolled with one, to the central office's own
//! certificate authority kept in the case file. A certificate that is refused is never retried and
//! never worked around: [`crate::tls`] says why it was refused. The client never changes the
//! scheme it was given.

use std::thread::sleep;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Result, SyncError};
use crate::wire::{
    self, ConflictList, EnrolAnswer, EnrolRequest, MAX_BODY_BYTES, PullPage, PushAnswer, PushBatch,
    Refusal, RefusalCode, StatusAnswer,
};

/// Timeouts and retries.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Connecting to the central office.
    pub connect_timeout: Duration,
    /// A whole request, answer included.
    pub request_timeout: Duration,
    /// Attempts of one request before giving up (1: no retry).
    pub attempts: u32,
    /// The first wait between attempts; doubled each time, up to `max_backoff`.
    pub first_backoff: Duration,
    pub max_backoff: Duration,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(60),
            attempts: 6,
            first_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
        }
    }
}

/// A client of one central office, with or without the desk's credentials.
#[derive(Debug)]
pub struct Client {
    base: String,
    token: Option<String>,
    agent: ureq::Agent,
    options: ClientOptions,
}

enum Body {
    None,
    Json(Vec<u8>),
}

impl Client {
    /// A client of the central office at `base` (`http://host:port` or `https://…`, trusting
    /// Mozilla's roots).
    pub fn new(base: &str, token: Option<&str>, options: ClientOptions) -> Client {
        Client::build(base, token, ureq::tls::RootCerts::WebPki, options)
    }

    /// A client of the central office at `base` that trusts the certificate authority in
    /// `ca_pem` (PEM text) instead of Mozilla's roots, or Mozilla's roots when `None`.
    pub fn with_ca(
        base: &str,
        token: Option<&str>,
        ca_pem: Option<&str>,
        options: ClientOptions,
    ) -> Result<Client> {
        let roots = match ca_pem {
            None => ureq::tls::RootCerts::WebPki,
            Some(pem) => ureq::tls::RootCerts::new_with_certs(&crate::tls::authority(pem)?),
        };
        Ok(Client::build(base, token, roots, options))
    }

    fn build(
        base: &str,
        token: Option<&str>,
        roots: ureq::tls::RootCerts,
        options: ClientOptions,
    ) -> Client {
        let tls = ureq::tls::TlsConfig::builder().root_certs(roots).build();
        let config = ureq::Agent::config_builder()
            .tls_config(tls)
            .timeout_connect(Some(options.connect_timeout))
            .timeout_global(Some(options.request_timeout))
            .http_status_as_error(false)
            .user_agent(concat!("guichet/", env!("CARGO_PKG_VERSION")))
            .build();
        Client {
            base: base.trim_end_matches('/').to_owned(),
            token: token.map(str::to_owned),
            agent: config.into(),
            options,
        }
    }

    /// The central office's base URL.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Enrols desk `desk` with a one-time `code` and the credentials `token` it made.
    pub fn enrol(&self, desk: u8, code: &str, token: &str) -> Result<EnrolAnswer> {
        let request = EnrolRequest {
            protocol: wire::PROTOCOL,
            desk,
            code: code.trim().to_owned(),
            token: token.to_owned(),
        };
        self.request("POST", "/v1/enrol", &[], Body::Json(json(&request)?))
    }

    /// What the central office holds of this desk.
    pub fn status(&self) -> Result<StatusAnswer> {
        self.request("GET", "/v1/status", &[], Body::None)
    }

    /// Pushes a batch of consecutive events.
    pub fn push(&self, batch: &PushBatch) -> Result<PushAnswer> {
        self.request("POST", "/v1/push", &[], Body::Json(json(batch)?))
    }

    /// Pulls a page of other desks' events after `after`.
    pub fn pull(&self, after: i64, limit: usize, references_after: i64) -> Result<PullPage> {
        self.request(
            "GET",
            "/v1/pull",
            &[
                ("after", after.to_string()),
                ("limit", limit.to_string()),
                ("references_after", references_after.to_string()),
            ],
            Body::None,
        )
    }

    /// The conflicts that concern this desk.
    pub fn conflicts(&self) -> Result<ConflictList> {
        self.request("GET", "/v1/conflicts", &[], Body::None)
    }

    /// Sends a request, retrying what may pass with backoff.
    fn request<T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        query: &[(&str, String)],
        body: Body,
    ) -> Result<T> {
        let gz = match &body {
            Body::None => None,
            Body::Json(bytes) => Some(wire::gzip(bytes)),
        };
        let mut wait = self.options.first_backoff;
        let mut attempt = 1;
        loop {
            match self.once(method, path, query, gz.as_deref()) {
                Err(e) if e.is_transient() && attempt < self.options.attempts.max(1) => {
                    sleep(wait);
                    wait = (wait * 2).min(self.options.max_backoff);
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    fn once<T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        query: &[(&str, String)],
        gz: Option<&[u8]>,
    ) -> Result<T> {
        let url = format!("{}{path}", self.base);
        let unreachable = |e: ureq::Error| crate::tls::classify(&self.base, e);
        let auth = self.token.as_ref().map(|t| format!("Bearer {t}"));
        let result = match gz {
            Some(bytes) => {
                let mut request = self
                    .agent
                    .post(&url)
                    .header("content-type", "application/json")
                    .header("content-encoding", "gzip")
                    .header("accept-encoding", "gzip");
                if let Some(auth) = &auth {
                    request = request.header("authorization", auth);
                }
                debug_assert_eq!(method, "POST");
                request.send(bytes)
            }
            None => {
                let mut request = self.agent.get(&url).header("accept-encoding", "gzip");
                for (name, value) in query {
                    request = request.query(*name, value);
                }
                if let Some(auth) = &auth {
                    request = request.header("authorization", auth);
                }
                request.call()
            }
        };
        let mut response = result.map_err(unreachable)?;
        let status = response.status().as_u16();
        let gzipped = response
            .headers()
            .get("content-encoding")
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"gzip"));
        let raw = response
            .body_mut()
            .with_config()
            .limit(u64::try_from(MAX_BODY_BYTES).unwrap_or(u64::MAX))
            .read_to_vec()
            .map_err(unreachable)?;
        let bytes = if gzipped {
            wire::gunzip(&raw, MAX_BODY_BYTES).map_err(|e| SyncError::Unreachable {
                url: self.base.clone(),
                detail: format!("answer cut off: {e}"),
            })?
        } else {
            raw
        };
        if (200..300).contains(&status) {
            return serde_json::from_slice(&bytes)
                .map_err(|e| SyncError::Protocol(format!("{path}: {e}")));
        }
        match serde_json::from_slice::<Refusal>(&bytes) {
            Ok(refusal) => Err(SyncError::Refused { refusal }),
            Err(_) if status >= 500 => Err(SyncError::Refused {
                refusal: Refusal {
                    error: RefusalCode::Internal,
                    reason: format!("erreur {status} du service central, réessayez plus tard."),
                    highest_seq: None,
                },
            }),
            Err(_) => Err(SyncError::Protocol(format!("{path}: HTTP {status}"))),
        }
    }
}

fn json<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(value).map_err(|e| SyncError::Protocol(e.to_string()))
}
