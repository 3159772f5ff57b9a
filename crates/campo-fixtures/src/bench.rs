//! What the benchmarks share: where their generated databases and files are kept between
//! runs, and the runtime they drive the async store with.

use std::path::PathBuf;

/// `target/bench-data/`, created if missing: generated databases and files kept between runs
/// (never the user's app-data folder).
pub fn data_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-data");
    std::fs::create_dir_all(&dir).expect("bench-data folder");
    dir
}

/// A runtime with `workers` threads, as the app gives its store.
pub fn runtime(workers: usize) -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()
        .expect("runtime")
}
