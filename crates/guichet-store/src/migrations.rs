//! The schema's numbered migrations (`migrations/NNNN_*.sql`), applied by `rusqlite_migration`: each
//! run is one transaction, so a case file is never left half-migrated. The schema version is SQLite's
//! `user_version`. A new migration is a new file appended here; a published one is never edited.

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

use crate::error::Result;

const MIGRATION_LIST: &[M<'static>] = &[
    M::up(include_str!("../migrations/0001_case_file.sql")).foreign_key_check(),
    M::up(include_str!("../migrations/0002_vouchers.sql")).foreign_key_check(),
    M::up(include_str!("../migrations/0003_scans.sql")).foreign_key_check(),
    M::up(include_str!("../migrations/0004_qf_corrections.sql")).foreign_key_check(),
    M::up(include_str!("../migrations/0005_sync.sql")).foreign_key_check(),
    M::up(include_str!("../migrations/0006_sync_ca.sql")).foreign_key_check(),
    M::up(include_str!("../migrations/0007_remote_households.sql")).foreign_key_check(),
    M::up(include_str!("../migrations/0008_journal_unacked.sql")).foreign_key_check(),
    M::up(include_str!("../migrations/0009_remote_unprojected.sql")).foreign_key_check(),
    M::up(include_str!("../migrations/0010_person_merges.sql")).foreign_key_check(),
];

/// The case file's migrations, in order.
pub fn migrations() -> Migrations<'static> {
    Migrations::from_slice(MIGRATION_LIST)
}

/// Brings the case file's schema to the latest version, atomically.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    migrations().to_latest(conn)?;
    Ok(())
}

/// The schema version of the case file (0 for an empty file).
pub fn schema_version(conn: &Connection) -> Result<u32> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// The version the code expects.
pub fn latest_version() -> u32 {
    u32::try_from(MIGRATION_LIST.len()).unwrap_or(u32::MAX)
}
