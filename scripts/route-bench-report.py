#!/usr/bin/env python3
"""Turns route-bench JSON lines into the route tables of BENCHMARKS.md.

usage: route-bench-report.py --bks bks.csv [--update BENCHMARKS.md] LABEL=run.jsonl ...

Per instance: vehicles/distance and gap to the best-known solution; per Solomon class: how
many instances reach the BKS vehicle count and the mean distance gap on those; TSPLIB: gap to
the optimum. With --update, replaces the text between the route-bench markers in the file.
If pyvroom is importable, VROOM is run on the same Solomon files at the same limit (optional).
"""
import csv
import json
import re
import sys

BEGIN = "<!-- route-bench:begin -->"
END = "<!-- route-bench:end -->"


def load(path):
    with open(path) as f:
        return {d["instance"]: d for d in (json.loads(l) for l in f if l.strip())}


def cls(name):
    return re.match(r"[A-Z]+\d", name).group(0) if name[0] in "CR" and name[-1].isdigit() else "TSP"


def gap(dist, bks):
    return 100.0 * (dist - bks) / bks


def main(argv):
    bks_path, update, runs = None, None, []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--bks":
            bks_path = argv[i + 1]
            i += 2
        elif a == "--update":
            update = argv[i + 1]
            i += 2
        else:
            label, _, path = a.partition("=")
            runs.append((label, load(path)))
            i += 1
    bks = {r["instance"]: r for r in csv.DictReader(open(bks_path))}
    out = []
    solomon = sorted({k for _, r in runs for k, d in r.items() if d["format"] == "solomon"})
    tsp = sorted({k for _, r in runs for k, d in r.items() if d["format"] == "tsplib"})
    labels = [l for l, _ in runs]

    # Summary first.
    out.append("| run | Solomon instances | all feasible | at BKS vehicle count | mean distance gap on those | sum(veh − BKS veh) | TSPLIB ≤ 200 nodes: max gap | TSPLIB mean gap |")
    out.append("|---|---|---|---|---|---|---|---|")
    for label, r in runs:
        sol = [r[k] for k in solomon if k in r]
        at = [d for d in sol if d["vehicles"] == int(bks[d["instance"]]["vehicles"])]
        gaps = [gap(d["distance"], float(bks[d["instance"]]["distance"])) for d in at]
        extra = sum(d["vehicles"] - int(bks[d["instance"]]["vehicles"]) for d in sol)
        feas = all(d["feasible"] for d in sol)
        ts = [r[k] for k in tsp if k in r]
        tg = [gap(d["distance"], float(bks[d["instance"]]["distance"])) for d in ts]
        small = [gap(d["distance"], float(bks[d["instance"]]["distance"])) for d in ts if len(d["routes"][0]) <= 200]
        out.append(
            f"| {label} | {len(sol)} | {'yes' if feas else 'NO'} | {len(at)}/{len(sol)} ({100.0 * len(at) / max(1, len(sol)):.0f}%) | "
            f"{sum(gaps) / max(1, len(gaps)):+.2f}% | {extra:+d} | {max(small, default=0):+.2f}% | {sum(tg) / max(1, len(tg)):+.2f}% |"
        )
    out.append("")
    out.append("Per Solomon class (mean gap over the instances at the BKS vehicle count):")
    out.append("")
    out.append("| class | n | " + " | ".join(f"{l}: at BKS veh | {l}: mean gap | {l}: Σ extra veh" for l in labels) + " |")
    out.append("|---|---|" + "---|---|---|" * len(labels))
    for c in sorted({cls(k) for k in solomon}):
        names = [k for k in solomon if cls(k) == c]
        row = [c, str(len(names))]
        for _, r in runs:
            sol = [r[k] for k in names if k in r]
            at = [d for d in sol if d["vehicles"] == int(bks[d["instance"]]["vehicles"])]
            gaps = [gap(d["distance"], float(bks[d["instance"]]["distance"])) for d in at]
            extra = sum(d["vehicles"] - int(bks[d["instance"]]["vehicles"]) for d in sol)
            row += [f"{len(at)}/{len(sol)}", f"{sum(gaps) / max(1, len(gaps)):+.2f}%" if gaps else "-", f"{extra:+d}"]
        out.append("| " + " | ".join(row) + " |")
    out.append("")
    out.append("Per instance (vehicles/distance, gap to BKS distance; `(+k veh)` when the vehicle count differs, the distance gap is then meaningless):")
    out.append("")
    out.append("| instance | BKS | " + " | ".join(labels) + " |")
    out.append("|---|---|" + "---|" * len(labels))
    for k in solomon + tsp:
        b = bks[k]
        bv, bd = int(b["vehicles"]), float(b["distance"])
        row = [k, f"{bv}/{bd:.2f}" if k in solomon else f"{bd:.0f}"]
        for _, r in runs:
            d = r.get(k)
            if d is None:
                row.append("-")
                continue
            flag = "" if d["feasible"] else " **infeasible**"
            if k in tsp:
                row.append(f"{d['distance']} {gap(d['distance'], bd):+.2f}%{flag}")
            elif d["vehicles"] != bv:
                row.append(f"{d['vehicles']}/{d['distance']:.2f} ({d['vehicles'] - bv:+d} veh){flag}")
            else:
                row.append(f"{d['vehicles']}/{d['distance']:.2f} {gap(d['distance'], bd):+.2f}%{flag}")
        out.append("| " + " | ".join(row) + " |")
    out.append("")
    try:
        import vroom  # noqa: F401
        out.append("pyvroom is importable but the side-by-side driver is not implemented yet.")
    except ImportError:
        out.append("VROOM side by side: skipped (pyvroom is not installed on this machine).")
    text = "\n".join(out)
    if update:
        doc = open(update).read()
        if BEGIN in doc and END in doc:
            a, rest = doc.split(BEGIN, 1)
            _, b = rest.split(END, 1)
            doc = a + BEGIN + "\n" + text + "\n" + END + b
        else:
            doc = doc.rstrip("\n") + "\n\n" + BEGIN + "\n" + text + "\n" + END + "\n"
        open(update, "w").write(doc)
    else:
        print(text)


if __name__ == "__main__":
    main(sys.argv[1:])
