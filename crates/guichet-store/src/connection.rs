//! Opening the case file's SQLite connection. This is the only place a connection is made, so that
//! encryption at rest (SQLCipher, planned with the security work) changes one function.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::error::Result;

/// How long a write waits for another connection to finish before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The page cache of a connection, 32 MB (negative: SQLite counts it in KiB).
pub(crate) const CACHE_KIB: i64 = -32_768;

/// Opens (creating it when `create` is true) the SQLite file at `path` with the case file's
/// settings: WAL journal, `synchronous=NORMAL` (durable at each checkpoint, never corrupt),
/// foreign keys enforced, a busy timeout, a 32 MB page cache, and a statement cache large enough for bulk inserts.
pub fn open_connection(path: &Path, create: bool) -> Result<Connection> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // 32 MB of page cache (SQLite's default is 2 MB): the search indexes of a large case file stay
    // in memory, and bulk inserts do not thrash.
    conn.pragma_update(None, "cache_size", CACHE_KIB)?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}
