//! The Campo desktop binary.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// jemalloc: an import of a provider's files (100,000 customers, 300,000 orders) peaked at
/// 334–560 MB resident with glibc's allocator, which kept what each thread had freed, for
/// about 200 MB live; with jemalloc 273–494 MB, and the customers file written in half the
/// time (BENCHMARKS.md, "The app's allocator: jemalloc"). Not on MSVC, where jemalloc does not
/// build.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    campo_app::run();
}
