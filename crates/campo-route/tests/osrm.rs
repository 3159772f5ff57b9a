//! The OSRM provider against a local HTTP stub on 127.0.0.1 (port 0): OSRM's documented JSON
//! is used, answers are cached, and failures and timeouts fall back to haversine.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use campo_route::{LatLon, MatrixProvider, MatrixSource, OsrmProvider};

enum Mode {
    Ok,
    Status500,
    Hang,
    BadCode,
}

/// Serves `requests` connections, answering as `mode`; returns the base URL and a hit counter.
fn stub(mode: Mode, requests: usize) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 8192];
            let n = stream.read(&mut buf).unwrap_or(0);
            let request = String::from_utf8_lossy(&buf[..n]).to_string();
            counter.fetch_add(1, Ordering::SeqCst);
            let (status, body) = match mode {
                Mode::Ok => {
                    assert!(request.starts_with("GET /table/v1/driving/"), "{request}");
                    assert!(
                        request.contains("annotations=duration,distance"),
                        "{request}"
                    );
                    (
                        "200 OK",
                        r#"{"code":"Ok","durations":[[0,600,900],[610,0,300],[905,310,0]],"distances":[[0,5000,8000],[5100,0,2500],[8050,2600,0]]}"#,
                    )
                }
                Mode::Status500 => ("500 Internal Server Error", r#"{"code":"Error"}"#),
                Mode::BadCode => ("200 OK", r#"{"code":"NoTable","message":"nope"}"#),
                Mode::Hang => {
                    thread::sleep(Duration::from_millis(1500));
                    ("200 OK", r#"{"code":"Ok"}"#)
                }
            };
            let resp = format!(
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(resp.as_bytes());
        }
    });
    (url, hits)
}

fn points() -> Vec<LatLon> {
    vec![
        LatLon {
            lat: -22.90,
            lon: -47.06,
        },
        LatLon {
            lat: -22.93,
            lon: -47.05,
        },
        LatLon {
            lat: -22.95,
            lon: -47.08,
        },
    ]
}

#[test]
fn uses_osrm_table_and_caches_it() {
    let (url, hits) = stub(Mode::Ok, 4);
    let osrm = OsrmProvider::with_timeout(&url, Duration::from_secs(2)).expect("client");
    let m = osrm.matrix(&points()).expect("matrix");
    assert_eq!(m.source, MatrixSource::Osrm);
    assert_eq!(m.duration(0, 1), 600.0);
    assert_eq!(m.distance(2, 1), 2600.0);
    assert_eq!(m.duration(1, 1), 0.0);
    let again = osrm.matrix(&points()).expect("matrix");
    assert_eq!(again, m);
    assert_eq!(
        hits.load(Ordering::SeqCst),
        1,
        "second call must come from the cache"
    );
}

#[test]
fn falls_back_to_haversine_on_error_status_and_bad_code() {
    for mode in [Mode::Status500, Mode::BadCode] {
        let (url, _) = stub(mode, 1);
        let osrm = OsrmProvider::with_timeout(&url, Duration::from_secs(2)).expect("client");
        let m = osrm.matrix(&points()).expect("matrix");
        assert_eq!(m.source, MatrixSource::OsrmFallback);
        assert!(m.duration(0, 1) > 0.0);
    }
}

#[test]
fn falls_back_to_haversine_on_timeout() {
    let (url, _) = stub(Mode::Hang, 1);
    let osrm = OsrmProvider::with_timeout(&url, Duration::from_millis(200)).expect("client");
    let started = std::time::Instant::now();
    let m = osrm.matrix(&points()).expect("matrix");
    assert_eq!(m.source, MatrixSource::OsrmFallback);
    assert!(started.elapsed() < Duration::from_millis(1400));
}

#[test]
fn falls_back_when_nothing_listens() {
    let port = TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let osrm = OsrmProvider::with_timeout(
        &format!("http://127.0.0.1:{port}"),
        Duration::from_millis(300),
    )
    .expect("client");
    assert_eq!(
        osrm.matrix(&points()).expect("matrix").source,
        MatrixSource::OsrmFallback
    );
}
