//! The store's errors: each names the database file and says what went wrong.

use std::path::PathBuf;

/// Something the store could not do.
///
/// Every error that concerns a database names its file ([`StoreError::Db::path`]), so a message
/// printed by the binary tells the user which data folder is at fault. The store never panics on
/// what it reads; a database that holds something unreadable is reported here instead.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// There is no data folder to default to: neither `XDG_DATA_HOME` nor `HOME` is set.
    #[error("no data folder: neither XDG_DATA_HOME nor HOME is set (choose a folder with --data)")]
    NoDataDir,
    /// The data folder could not be created.
    #[error("cannot create the data folder {path}: {error}")]
    CreateDir {
        /// The folder.
        path: PathBuf,
        /// Why.
        error: std::io::Error,
    },
    /// Something went wrong with a database.
    #[error("database {path}: {reason}")]
    Db {
        /// The database file (`:memory:` for an in-memory store).
        path: PathBuf,
        /// What went wrong.
        reason: Reason,
    },
}

impl StoreError {
    /// The reason of a database error, if this is one.
    pub fn reason(&self) -> Option<&Reason> {
        match self {
            StoreError::Db { reason, .. } => Some(reason),
            _ => None,
        }
    }

    /// Whether this is one stored row that cannot be read back (its JSON or its times), not a
    /// failing database: a reader can skip that row and go on with the others.
    pub fn is_unreadable(&self) -> bool {
        matches!(self.reason(), Some(Reason::BadJson { .. } | Reason::BadTime { .. }))
    }
}

/// `read`, with a row that cannot be read back ([`StoreError::is_unreadable`]) taken as no row:
/// for a reader that goes on with the other rows. Any other error stays an error.
pub fn skip_unreadable<T>(read: Result<Option<T>>) -> Result<Option<T>> {
    match read {
        Err(e) if e.is_unreadable() => Ok(None),
        read => read,
    }
}

/// What went wrong with a database.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Reason {
    /// The file could not be opened or set up (permissions, not a database, locked).
    #[error("cannot open it: {0}")]
    Open(rusqlite::Error),
    /// The database was written by a newer NewsBite, whose schema this build does not know.
    #[error(
        "it was written by a newer NewsBite (schema version {found}; this build knows up to \
         {known}): use a newer newsbite, or another data folder"
    )]
    TooNew {
        /// The database's schema version.
        found: i64,
        /// The newest schema version this build knows.
        known: i64,
    },
    /// A migration failed; the database was left at the version it had before.
    #[error("cannot upgrade it to schema version {version}: {error}")]
    Migration {
        /// The version the migration leads to.
        version: i64,
        /// Why it failed.
        error: rusqlite::Error,
    },
    /// SQLite refused a statement.
    #[error("{0}")]
    Sqlite(rusqlite::Error),
    /// A stored JSON document could not be read back.
    #[error("{what} {id} holds JSON that cannot be read: {error}")]
    BadJson {
        /// What holds it (`article`, `article version`, `story`).
        what: &'static str,
        /// Its id.
        id: i64,
        /// Why it cannot be read.
        error: serde_json::Error,
    },
    /// A stored time is out of range.
    #[error("{what} {id} holds a time out of range: {value}")]
    BadTime {
        /// What holds it.
        what: &'static str,
        /// Its id.
        id: i64,
        /// The stored value (seconds since 1970).
        value: i64,
    },
    /// A value could not be turned into JSON.
    #[error("cannot write {what} as JSON: {error}")]
    Serialize {
        /// What was written.
        what: &'static str,
        /// Why.
        error: serde_json::Error,
    },
    /// An id names nothing stored.
    #[error("no {what} with id {id}")]
    NotFound {
        /// What was looked for (`article`, `story`).
        what: &'static str,
        /// The id.
        id: i64,
    },
    /// A request that cannot be carried out as asked.
    #[error("{0}")]
    Invalid(String),
    /// The search index failed (it is derived from the database and rebuilt from it when it
    /// cannot be read; what the database holds is not affected).
    #[error("search index {dir}: {error}")]
    Index {
        /// The index's folder.
        dir: std::path::PathBuf,
        /// What tantivy said.
        error: tantivy::TantivyError,
    },
}

impl From<rusqlite::Error> for Reason {
    fn from(e: rusqlite::Error) -> Self {
        Reason::Sqlite(e)
    }
}

/// The result of a store operation.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
