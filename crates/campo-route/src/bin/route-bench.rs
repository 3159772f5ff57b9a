//! `route-bench`: runs the solver on Solomon VRPTW and TSPLIB `EUC_2D` files and prints one
//! JSON object per instance (see BENCHMARKS.md). Solomon: fewest vehicles first, then distance
//! in doubles; TSPLIB: tour length with `nint`-rounded edges. `feasible` comes from the
//! independent evaluator, in doubles.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use campo_route::eval::check_plan;
use campo_route::instance::{CostKind, Instance, Job, Task, Vehicle, Window};
use campo_route::solver::{self, Config, Control};
use campo_route::tsp;
use serde_json::json;

/// Why the tool stopped, or could not read a file.
#[derive(Debug, thiserror::Error)]
enum BenchError {
    /// No file named, or help asked for.
    #[error("usage: route-bench [--time-limit-ms N] [--seed S] FILE…")]
    Usage,
    /// An option without its number.
    #[error("{0} needs a whole number")]
    Value(&'static str),
    /// A file that could not be read.
    #[error("{path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    /// A Solomon file without a part it must have.
    #[error("no {0}")]
    Missing(&'static str),
    /// A TSPLIB coordinate line that is not `id x y`.
    #[error("bad coordinate line {0:?}")]
    Coordinate(String),
    /// A TSPLIB distance other than `EUC_2D`.
    #[error("unsupported EDGE_WEIGHT_TYPE {0}")]
    EdgeWeight(String),
}

struct Args {
    time_limit: Duration,
    seed: u64,
    files: Vec<String>,
}

fn parse_args() -> Result<Args, BenchError> {
    let mut args = Args {
        time_limit: Duration::from_millis(1000),
        seed: 1,
        files: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--time-limit-ms" => {
                let v = it.next().and_then(|v| v.parse().ok());
                args.time_limit =
                    Duration::from_millis(v.ok_or(BenchError::Value("--time-limit-ms"))?);
            }
            "--seed" => {
                let v = it.next().and_then(|v| v.parse().ok());
                args.seed = v.ok_or(BenchError::Value("--seed"))?;
            }
            "-h" | "--help" => return Err(BenchError::Usage),
            _ => args.files.push(a),
        }
    }
    if args.files.is_empty() {
        return Err(BenchError::Usage);
    }
    Ok(args)
}

fn numbers(line: &str) -> Option<Vec<f64>> {
    line.split_whitespace()
        .map(|w| w.parse::<f64>().ok())
        .collect()
}

struct Solomon {
    name: String,
    ids: Vec<i64>,
    inst: Instance,
}

fn parse_solomon(text: &str) -> Result<Solomon, BenchError> {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let name = lines
        .iter()
        .find(|l| !l.is_empty())
        .unwrap_or(&"")
        .to_string();
    let nc = lines
        .iter()
        .position(|l| l.starts_with("NUMBER"))
        .ok_or(BenchError::Missing("VEHICLE NUMBER line"))?;
    let fleet = lines[nc + 1..]
        .iter()
        .find_map(|l| numbers(l).filter(|v| v.len() == 2))
        .ok_or(BenchError::Missing("fleet line"))?;
    let start = lines
        .iter()
        .position(|l| l.starts_with("CUST"))
        .ok_or(BenchError::Missing("CUST NO. header"))?;
    let rows: Vec<Vec<f64>> = lines[start + 1..]
        .iter()
        .filter_map(|l| numbers(l).filter(|v| v.len() == 7))
        .collect();
    if rows.len() < 2 {
        return Err(BenchError::Missing("customers"));
    }
    let n = rows.len();
    let mut m = vec![0.0; n * n];
    for a in 0..n {
        for b in 0..n {
            let (dx, dy) = (rows[a][1] - rows[b][1], rows[a][2] - rows[b][2]);
            m[a * n + b] = (dx * dx + dy * dy).sqrt();
        }
    }
    let jobs = rows[1..]
        .iter()
        .enumerate()
        .map(|(i, r)| Job {
            vehicle: None,
            loc: i + 1,
            windows: vec![Window {
                start: r[4],
                end: r[5],
            }],
            service: r[6],
            demand: r[3] as i64,
            skills: 0,
            priority: 0,
        })
        .collect();
    let vehicles = (0..fleet[0] as usize)
        .map(|_| Vehicle {
            start_loc: 0,
            end_loc: 0,
            shift_start: rows[0][4],
            shift_end: rows[0][5],
            capacity: fleet[1] as i64,
            max_jobs: usize::MAX,
            skills: 0,
            brk: None,
            locked: Vec::new(),
        })
        .collect();
    Ok(Solomon {
        name,
        ids: rows[1..].iter().map(|r| r[0] as i64).collect(),
        inst: Instance {
            jobs,
            vehicles,
            n_locs: n,
            time: m.clone(),
            dist: m,
        },
    })
}

/// Name, node ids and coordinates of a TSPLIB file.
type Tsplib = (String, Vec<i64>, Vec<(f64, f64)>);

fn parse_tsplib(text: &str) -> Result<Tsplib, BenchError> {
    let mut name = String::new();
    let mut ids = Vec::new();
    let mut pts = Vec::new();
    let mut in_coords = false;
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            continue;
        }
        if in_coords {
            if line == "EOF" {
                break;
            }
            let v = numbers(line)
                .filter(|v| v.len() >= 3)
                .ok_or_else(|| BenchError::Coordinate(line.to_owned()))?;
            ids.push(v[0] as i64);
            pts.push((v[1], v[2]));
        } else if line.starts_with("NODE_COORD_SECTION") {
            in_coords = true;
        } else if let Some((k, v)) = line.split_once(':') {
            match k.trim() {
                "NAME" => name = v.trim().to_string(),
                "EDGE_WEIGHT_TYPE" if v.trim() != "EUC_2D" => {
                    return Err(BenchError::EdgeWeight(v.trim().to_owned()));
                }
                _ => {}
            }
        }
    }
    Ok((name, ids, pts))
}

fn run_file(path: &str, args: &Args) -> Result<serde_json::Value, BenchError> {
    let text = std::fs::read_to_string(path).map_err(|source| BenchError::Read {
        path: path.to_owned(),
        source,
    })?;
    let is_tsp = path.ends_with(".tsp") || text.contains("NODE_COORD_SECTION");
    if is_tsp {
        let started = Instant::now();
        let (name, ids, pts) = parse_tsplib(&text)?;
        let n = pts.len();
        let mut m = vec![0i64; n * n];
        for a in 0..n {
            for b in 0..n {
                let (dx, dy) = (pts[a].0 - pts[b].0, pts[a].1 - pts[b].1);
                m[a * n + b] = (dx * dx + dy * dy).sqrt().round() as i64;
            }
        }
        let budget = args
            .time_limit
            .saturating_sub(started.elapsed() + Duration::from_millis(2));
        let tour = tsp::solve_tsp(&m, n, budget, None, args.seed);
        let len = tsp::tour_length(&m, n, &tour);
        let elapsed = started.elapsed();
        let mut seen = vec![false; n];
        let feasible =
            tour.len() == n && tour.iter().all(|&v| !std::mem::replace(&mut seen[v], true));
        let route: Vec<i64> = tour.iter().map(|&v| ids[v]).collect();
        Ok(json!({
            "instance": name,
            "format": "tsplib",
            "vehicles": 1,
            "distance": len,
            "time_ms": elapsed.as_secs_f64() * 1000.0,
            "feasible": feasible,
            "routes": [route],
        }))
    } else {
        let started = Instant::now();
        let sol = parse_solomon(&text)?;
        let cfg = Config {
            time_limit: args
                .time_limit
                .saturating_sub(started.elapsed() + Duration::from_millis(3)),
            max_iterations: None,
            seed: args.seed,
            minimize_vehicles: true,
            cost: CostKind::Distance,
            balance: 0.0,
        };
        let out = solver::solve(&sol.inst, &cfg, Control::default());
        let elapsed = started.elapsed();
        let report = check_plan(&sol.inst, &out.routes, &out.unassigned);
        let routes: Vec<Vec<i64>> = out
            .routes
            .iter()
            .filter(|r| !r.is_empty())
            .map(|r| {
                r.iter()
                    .filter_map(|t| match t {
                        Task::Job(j) => Some(sol.ids[*j]),
                        Task::Break => None,
                    })
                    .collect()
            })
            .collect();
        Ok(json!({
            "instance": sol.name,
            "format": "solomon",
            "vehicles": report.vehicles_used,
            "distance": (report.distance * 100.0).round() / 100.0,
            "time_ms": elapsed.as_secs_f64() * 1000.0,
            "feasible": report.feasible() && out.unassigned.is_empty(),
            "unassigned": out.unassigned.len(),
            "iterations": out.iterations,
            "routes": routes,
        }))
    }
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let mut failed = false;
    for f in &args.files {
        match run_file(f, &args) {
            Ok(v) => println!("{v}"),
            Err(e) => {
                eprintln!("{e}");
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
