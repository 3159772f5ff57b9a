# Campo — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export PATH := $(HOME)/.cargo/bin:$(PATH)

# The app is built with its UI embedded (what `tauri build` does).
FEATURES := --features campo-app/custom-protocol
APP := target/debug/campo

.PHONY: help run test bootstrap bootstrap-test ui app check lint unit ui-test e2e server-deb-test bench bench-route bundle bundle-server bindings clean

help:
	@echo "make run     install what is missing, build, open Campo with demo data"
	@echo "make test    everything CI runs (lint, unit, UI, end-to-end)"
	@echo "make bench   benchmarks, results in BENCHMARKS.md"
	@echo "make bench-route  route solver on Solomon/TSPLIB (ROUTE_BENCH_10S=1 adds the 10 s run)"
	@echo "make bundle  build an installable .deb"
	@echo "make bundle-server  the server's .deb (systemd unit, campo user, /var/lib/campo)"

bootstrap:
	@scripts/bootstrap

bootstrap-test:
	@scripts/bootstrap --test

ui:
	npm --prefix ui run build

app: ui
	cargo build -p campo-app $(FEATURES)

run: bootstrap app
	$(APP)

lint: ui
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets $(FEATURES) -- -D warnings
	npm --prefix ui run check

# The PostgreSQL run (whose server keeps photos in an S3-compatible bucket) reuses the workspace's test build (the same features) when nextest is
# there; `cargo test -p …` would build 90 crates again with another feature set.
unit: ui
	cargo test --workspace $(FEATURES)
	if cargo nextest --version >/dev/null 2>&1; then \
		scripts/with-postgres scripts/with-s3 cargo nextest run --workspace $(FEATURES) -E 'package(campo-server) | package(campo-sync)'; \
	else \
		scripts/with-postgres scripts/with-s3 cargo test -p campo-server -p campo-sync; \
	fi

ui-test:
	npm --prefix ui test

# The binaries come from the workspace's test build (the app with its UI embedded, the server,
# the e2e office helper): after `make unit` nothing is compiled again.
e2e: ui
	cargo build --workspace --bins --tests $(FEATURES)
	xvfb-run -a -s "-screen 0 1366x768x24" node tests/e2e/again.mjs tests/e2e/run.mjs $(abspath $(APP))
	xvfb-run -a -s "-screen 0 1366x768x24" node tests/e2e/again.mjs tests/e2e/sync.mjs $(abspath $(APP)) $(abspath target/debug/campo-server)
	xvfb-run -a -s "-screen 0 1366x768x24" node tests/e2e/again.mjs tests/e2e/provider.mjs $(abspath $(APP)) $(abspath target/debug/campo-server) $(abspath target/debug/e2e-office)
	xvfb-run -a -s "-screen 0 1366x768x24" node tests/e2e/again.mjs tests/e2e/sales.mjs $(abspath $(APP)) $(abspath target/debug/campo-server)
	xvfb-run -a -s "-screen 0 1366x768x24" node tests/e2e/again.mjs tests/e2e/proof.mjs $(abspath $(APP)) $(abspath target/debug/campo-server) $(abspath target/debug/e2e-office)
	xvfb-run -a -s "-screen 0 1366x768x24" node tests/e2e/again.mjs tests/e2e/import.mjs $(abspath $(APP)) $(abspath target/debug/campo-server)
	xvfb-run -a -s "-screen 0 1366x768x24" node tests/e2e/again.mjs tests/e2e/finance.mjs $(abspath $(APP)) $(abspath target/debug/campo-server)
	xvfb-run -a -s "-screen 0 1366x768x24" node tests/e2e/again.mjs tests/e2e/stock.mjs $(abspath $(APP))
	xvfb-run -a -s "-screen 0 1366x768x24" node tests/e2e/again.mjs tests/e2e/agenda.mjs $(abspath $(APP))
	xvfb-run -a -s "-screen 0 1366x768x24" node tests/e2e/again.mjs tests/e2e/routes.mjs $(abspath $(APP))
	xvfb-run -a -s "-screen 0 1366x768x24" node tests/e2e/again.mjs tests/e2e/activation.mjs $(abspath $(APP))
	xvfb-run -a -s "-screen 0 1366x768x24" node tests/e2e/again.mjs tests/e2e/looks.mjs $(abspath $(APP)) 1366x768
	xvfb-run -a -s "-screen 0 1920x1080x24" node tests/e2e/again.mjs tests/e2e/looks.mjs $(abspath $(APP)) 1920x1080

test: bootstrap-test
	$(MAKE) lint
	$(MAKE) unit
	$(MAKE) ui-test
	$(MAKE) e2e
	$(MAKE) server-deb-test

# Installs the server's .deb on this machine and checks it (root only: CI's machines).
server-deb-test:
	@if [ "$$(id -u)" = 0 ]; then \
		cargo build --workspace --bins --tests $(FEATURES) && \
		CAMPO_SERVER_BIN=$(abspath target/debug/campo-server) scripts/test-server-deb; \
	else echo "server-deb-test skipped: installing a package needs root (CI runs it)"; fi

bench: bootstrap-test
	cargo bench -p campo-store --bench orders
	node scripts/bench-report.mjs orders-100k
	cargo bench -p campo-store --bench stock
	node scripts/bench-report.mjs stock-1m
	cargo bench -p campo-planning --bench routes
	cargo bench -p campo-store --bench agenda
	cargo bench -p campo-store --bench deadlines
	node scripts/bench-report.mjs deadlines-100k
	cargo bench -p campo-store --bench sales
	node scripts/bench-report.mjs sales-10k
	cargo bench -p campo-store --bench import
	cargo bench -p campo-core --bench first_sync
	cargo bench -p campo-core --bench import_pushed
	cargo bench -p campo-core --bench office_history
	cargo bench -p campo-store --bench finance
	node scripts/bench-report.mjs finance-1m
	cargo bench -p campo-store --bench indicators
	node scripts/bench-report.mjs indicators
	cargo bench -p campo-server --bench sync
	scripts/with-postgres cargo bench -p campo-server --bench sync
	cargo bench -p campo-server --bench load
	scripts/with-postgres cargo bench -p campo-server --bench load
	cargo bench -p campo-server --bench flood
	cargo bench -p campo-server --bench signin
	cargo bench -p campo-server --bench ixc
	cargo bench -p campo-server --bench photos
	cargo bench -p campo-photo --bench photo
	cargo bench -p campo-core --bench people
	cargo bench -p campo-core --bench proof
	cargo bench -p campo-domain --bench holidays
	# The sync simulation over many more seeds than `make test` runs (it asserts product
	# invariants only, so any seed must pass; a rare path can need a hundred seeds to show).
	SIM_SEEDS=200 cargo test --release -p campo-sync --test simulation
	SIM_SEEDS=30 SIM_SEED_BASE=201 scripts/with-postgres cargo test --release -p campo-sync --test simulation
	$(MAKE) app
	xvfb-run -a -s "-screen 0 1366x768x24" node tests/e2e/startup-bench.mjs $(abspath $(APP))
	cargo build -p campo-app --release $(FEATURES)
	xvfb-run -a -s "-screen 0 1366x768x24" node tests/e2e/board-bench.mjs $(abspath target/release/campo)

# Route solver on every shared Solomon/TSPLIB instance, 1 s each (single thread); with
# ROUTE_BENCH_10S=1 also 10 s each (~10 min). Tables go into BENCHMARKS.md.
BENCH_DATA ?= $(abspath ../shared/bench)
ROUTE_TARGET := $(or $(CARGO_TARGET_DIR),target)
ROUTE_BENCH := $(ROUTE_TARGET)/release/route-bench
bench-route:
	cargo build --release -p campo-route --bin route-bench
	$(ROUTE_BENCH) --time-limit-ms 1000 $(BENCH_DATA)/solomon/*.txt $(BENCH_DATA)/tsplib/*.tsp > $(ROUTE_TARGET)/route-bench-1s.jsonl
	if [ "$(ROUTE_BENCH_10S)" = 1 ]; then $(ROUTE_BENCH) --time-limit-ms 10000 $(BENCH_DATA)/solomon/*.txt $(BENCH_DATA)/tsplib/*.tsp > $(ROUTE_TARGET)/route-bench-10s.jsonl; fi
	python3 scripts/route-bench-report.py --bks $(BENCH_DATA)/bks.csv --update BENCHMARKS.md 1s=$(ROUTE_TARGET)/route-bench-1s.jsonl \
	  $$([ -f $(ROUTE_TARGET)/route-bench-10s.jsonl ] && echo 10s=$(ROUTE_TARGET)/route-bench-10s.jsonl)

bundle: bootstrap ui
	cd src-tauri && ../ui/node_modules/.bin/tauri build --bundles deb
	@ls -1 target/release/bundle/deb/*.deb

bundle-server:
	scripts/bundle-server

bindings:
	CAMPO_UPDATE_BINDINGS=1 cargo test -p campo-app --test bindings

clean:
	cargo clean
	rm -rf ui/dist
