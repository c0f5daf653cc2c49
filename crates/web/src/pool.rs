//! Read connections to the library, shared by the request handlers.
//!
//! A SQLite connection (`rusqlite::Connection`, inside [`Store`]) may move between threads but
//! not be used by two at once, and every query blocks its thread. So the server keeps a small
//! pool of [`Store`]s opened on the same file: in WAL mode each reader sees the last committed
//! state and none blocks another or a writer (`newsbite add` in another process, the feed
//! scheduler). A request takes a store from the pool (waiting, without holding a thread, on a
//! semaphore when all are out), runs its queries on tokio's blocking threads, and puts it back.
//!
//! With one store this is the "one connection behind a mutex" model; `newsbite-eval web
//! --readers 1` measures that against the default for the benchmark's closing note.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use newsbite_library::store::{Store, StoreError};
use tokio::sync::Semaphore;

use crate::error::WebError;

/// A pool of read connections to one library.
#[derive(Debug)]
pub struct Readers {
    stores: Mutex<Vec<Store>>,
    permits: Arc<Semaphore>,
    path: PathBuf,
}

impl Readers {
    /// Opens `size` connections (at least one) to the library in the data folder `dir`.
    pub fn open(dir: &Path, size: usize) -> Result<Self, StoreError> {
        let size = size.max(1);
        let stores = (0..size).map(|_| Store::open(dir)).collect::<Result<Vec<_>, _>>()?;
        Ok(Readers {
            stores: Mutex::new(stores),
            permits: Arc::new(Semaphore::new(size)),
            path: dir.to_path_buf(),
        })
    }

    /// The data folder.
    pub fn dir(&self) -> &Path {
        &self.path
    }

    /// Runs `f` with a store on a blocking thread, and returns the store to the pool after.
    pub async fn read<T, F>(self: &Arc<Self>, f: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, WebError> + Send + 'static,
    {
        let permit = Arc::clone(&self.permits)
            .acquire_owned()
            .await
            .map_err(|_| WebError::internal("the library is closed"))?;
        let store = self
            .stores
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .pop()
            .ok_or_else(|| WebError::internal("no free connection"))?;
        // The store goes back to the pool when the guard drops, even if `f` panics, and only then
        // is its permit released: a request abandoned by its client (its future dropped while
        // the query runs on) must not let another request in before the store is back.
        let guard = Checkout { store: Some(store), pool: Arc::clone(self), _permit: permit };
        let joined = tokio::task::spawn_blocking(move || match &guard.store {
            Some(store) => f(store),
            None => Err(WebError::internal("no free connection")),
        })
        .await;
        joined.map_err(|e| WebError::internal(format!("a request's query failed: {e}")))?
    }
}

/// A store out of the pool; it goes back on drop, then its permit is released (fields drop after
/// `drop` runs).
struct Checkout {
    store: Option<Store>,
    pool: Arc<Readers>,
    _permit: tokio::sync::OwnedSemaphorePermit,
}

impl Drop for Checkout {
    fn drop(&mut self) {
        if let Some(store) = self.store.take() {
            let mut stores = self.pool.stores.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            stores.push(store);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn many_reads_share_few_connections() {
        let dir = tempfile::tempdir().unwrap();
        let pool = Arc::new(Readers::open(dir.path(), 2).unwrap());
        let mut tasks = Vec::new();
        for _ in 0..16 {
            let pool = Arc::clone(&pool);
            tasks.push(tokio::spawn(async move { pool.read(|s| Ok(s.stats()?.articles)).await }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap().unwrap(), 0);
        }
        assert_eq!(pool.stores.lock().unwrap().len(), 2, "every connection came back");
    }
}
