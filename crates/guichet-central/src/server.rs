//! The HTTP service (axum on tokio): thin handlers that authenticate the desk, read the gzipped
//! JSON body, call one operation of the store on a blocking thread, and answer gzipped JSON — or
//! the refusal with its HTTP status. Routes and bodies: `guichet_sync::wire`.

use std::future::Future;
use std::path::Path;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use guichet_sync::wire::{
    self, ConflictList, EnrolAnswer, EnrolRequest, PushBatch, Refusal, RefusalCode,
};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::{CentralError, Result};
use crate::store::CentralStore;

/// The store behind the service: SQLite has one writer at a time, so one connection serves.
#[derive(Debug)]
struct App {
    store: Mutex<CentralStore>,
}

type Shared = Arc<App>;

/// Serves the central office on `listener` with the database at `db` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    db: &Path,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<()> {
    let store = CentralStore::open(db)?;
    let app = Arc::new(App {
        store: Mutex::new(store),
    });
    axum::serve(listener, router(app))
        .with_graceful_shutdown(shutdown)
        .await?;
    Ok(())
}

/// Serves the central office over HTTPS on `listener` (already bound) with the rustls
/// configuration `tls` ([`crate::tls::server_config`]) until `shutdown` completes; connections
/// under way may finish for a few seconds after it.
pub async fn serve_tls(
    listener: std::net::TcpListener,
    tls: Arc<rustls::ServerConfig>,
    db: &Path,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<()> {
    let store = CentralStore::open(db)?;
    let app = Arc::new(App {
        store: Mutex::new(store),
    });
    let handle = axum_server::Handle::new();
    let stopping = handle.clone();
    tokio::spawn(async move {
        shutdown.await;
        stopping.graceful_shutdown(Some(std::time::Duration::from_secs(10)));
    });
    let config = axum_server::tls_rustls::RustlsConfig::from_config(tls);
    axum_server::from_tcp_rustls(listener, config)?
        .handle(handle)
        .serve(router(app).into_make_service())
        .await?;
    Ok(())
}

fn router(app: Shared) -> Router {
    Router::new()
        .route("/v1/enrol", post(enrol))
        .route("/v1/status", get(status))
        .route("/v1/push", post(push))
        .route("/v1/pull", get(pull))
        .route("/v1/conflicts", get(conflicts))
        .layer(DefaultBodyLimit::max(wire::MAX_BODY_BYTES))
        .with_state(app)
}

/// Runs `f` on the store on a blocking thread.
async fn with_store<T: Send + 'static>(
    app: &Shared,
    f: impl FnOnce(&mut CentralStore) -> Result<T> + Send + 'static,
) -> Result<T> {
    let app = Arc::clone(app);
    tokio::task::spawn_blocking(move || {
        let mut store = app.store.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut store)
    })
    .await
    .map_err(|e| CentralError::Corrupt(format!("store task failed: {e}")))?
}

/// Runs `f` on the store for the desk the request's credentials name; an unknown or revoked desk
/// is refused before `f` runs.
async fn as_desk<T: Send + 'static>(
    app: &Shared,
    headers: &HeaderMap,
    f: impl FnOnce(&mut CentralStore, u8) -> Result<T> + Send + 'static,
) -> Result<T> {
    let token = bearer(headers)?;
    with_store(app, move |store| {
        let desk = store.authenticate(&token)?;
        f(store, desk)
    })
    .await
}

fn status_of(code: RefusalCode) -> StatusCode {
    match code {
        RefusalCode::Protocol | RefusalCode::BadRequest => StatusCode::BAD_REQUEST,
        RefusalCode::Unauthenticated => StatusCode::UNAUTHORIZED,
        RefusalCode::Revoked
        | RefusalCode::UnknownCode
        | RefusalCode::CodeUsed
        | RefusalCode::WrongDesk
        | RefusalCode::DeskTaken => StatusCode::FORBIDDEN,
        RefusalCode::Gap | RefusalCode::BrokenChain | RefusalCode::Tampered => StatusCode::CONFLICT,
        RefusalCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn wants_gzip(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("gzip"))
}

/// A JSON answer, gzipped when the desk accepts it.
fn answer<T: serde::Serialize>(headers: &HeaderMap, status: StatusCode, body: &T) -> Response {
    let json = match serde_json::to_vec(body) {
        Ok(json) => json,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let content_type = (
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if wants_gzip(headers) {
        (
            status,
            [
                content_type,
                (header::CONTENT_ENCODING, HeaderValue::from_static("gzip")),
            ],
            wire::gzip(&json),
        )
            .into_response()
    } else {
        (status, [content_type], json).into_response()
    }
}

fn reply<T: serde::Serialize>(headers: &HeaderMap, result: Result<T>) -> Response {
    match result {
        Ok(body) => answer(headers, StatusCode::OK, &body),
        Err(e) => {
            let refusal: Refusal = e.refusal();
            if refusal.error == RefusalCode::Internal {
                eprintln!("guichet-central: {e}");
            }
            answer(headers, status_of(refusal.error), &refusal)
        }
    }
}

/// Reads a JSON body, gunzipping it when it says so.
fn body<T: DeserializeOwned>(headers: &HeaderMap, bytes: &[u8]) -> Result<T> {
    let gzipped = headers
        .get(header::CONTENT_ENCODING)
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"gzip"));
    let unreadable = |detail: String| {
        CentralError::refused(
            RefusalCode::BadRequest,
            format!("requête illisible ({detail})."),
        )
    };
    let plain;
    let json = if gzipped {
        plain = wire::gunzip(bytes, wire::MAX_BODY_BYTES).map_err(|e| unreadable(e.to_string()))?;
        &plain[..]
    } else {
        bytes
    };
    serde_json::from_slice(json).map_err(|e| unreadable(e.to_string()))
}

fn bearer(headers: &HeaderMap) -> Result<String> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            CentralError::refused(
                RefusalCode::Unauthenticated,
                "requête sans identifiants de guichet : inscrivez le guichet (guichet enrol).",
            )
        })
}

async fn enrol(State(app): State<Shared>, headers: HeaderMap, bytes: Bytes) -> Response {
    let result = async {
        let request: EnrolRequest = body(&headers, &bytes)?;
        with_store(&app, move |store| {
            let enrolled_at = store.enrol(
                request.protocol,
                request.desk,
                &request.code,
                &request.token,
            )?;
            Ok(EnrolAnswer {
                desk: request.desk,
                enrolled_at,
            })
        })
        .await
    }
    .await;
    reply(&headers, result)
}

async fn status(State(app): State<Shared>, headers: HeaderMap) -> Response {
    let result = as_desk(&app, &headers, |store, desk| {
        store.touch(desk)?;
        store.status(desk)
    })
    .await;
    reply(&headers, result)
}

async fn push(State(app): State<Shared>, headers: HeaderMap, bytes: Bytes) -> Response {
    let result = async {
        let batch: PushBatch = body(&headers, &bytes)?;
        as_desk(&app, &headers, move |store, desk| store.push(desk, &batch)).await
    }
    .await;
    reply(&headers, result)
}

#[derive(Debug, Deserialize)]
struct PullQuery {
    #[serde(default)]
    after: i64,
    #[serde(default = "default_limit")]
    limit: usize,
    #[serde(default)]
    references_after: i64,
}

fn default_limit() -> usize {
    1_000
}

async fn pull(
    State(app): State<Shared>,
    headers: HeaderMap,
    Query(query): Query<PullQuery>,
) -> Response {
    let result = as_desk(&app, &headers, move |store, desk| {
        store.touch(desk)?;
        store.pull(desk, query.after, query.limit, query.references_after)
    })
    .await;
    reply(&headers, result)
}

async fn conflicts(State(app): State<Shared>, headers: HeaderMap) -> Response {
    let result = as_desk(&app, &headers, |store, desk| {
        Ok(ConflictList {
            conflicts: store.conflicts(Some(desk))?,
        })
    })
    .await;
    reply(&headers, result)
}
