"""Answer speed, start-up time and memory over the full imported catalog, beside a plain rapidfuzz baseline.

Usage:  python benchmarks/answer_speed.py [--cms ../shared/cms/rvu25d] [--questions ../shared/eval/dev_questions.jsonl]

Imports the RVU bundle into a throw-away SQLite database, then runs each measurement in a fresh
Python process so start-up and peak RSS are what a real `rvubot` process pays. Prints figures;
targets (issue 3): p99 <= 5 ms per answer, start-up to first answer <= 1.5 s, peak RSS <= 200 MB.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r'''
import json, resource, statistics, sys, time
started = time.perf_counter()
from intents.answer import build_answerer
from intents.storage import open_engine
answerer = build_answerer(open_engine(sys.argv[1]))
answerer.answer("what is 99214")
startup = time.perf_counter() - started
questions = [json.loads(l)["q"] for l in open(sys.argv[2]) if l.strip()]
rounds = int(sys.argv[3])
timings = []
for _ in range(rounds):
    for q in questions:
        t = time.perf_counter()
        answerer.answer(q)
        timings.append(time.perf_counter() - t)
timings.sort()
def pct(p):
    return timings[min(len(timings) - 1, int(p / 100 * len(timings)))] * 1000
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"startup_s": startup, "p50_ms": pct(50), "p99_ms": pct(99), "max_ms": timings[-1] * 1000,
                  "n": len(timings), "rss_mb": rss_mb}))
'''

BASELINE = r'''
import csv, json, sys, time
from rapidfuzz import fuzz, process
rows = list(csv.reader(open(sys.argv[1], encoding="latin-1")))
start = next(i for i, r in enumerate(rows) if r and r[0] == "HCPCS") + 1
codes, texts = [], []
for r in rows[start:]:
    if r and r[0] and not r[1]:
        codes.append(r[0]); texts.append(r[0] + " " + r[2])
qs = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
timings, top1 = [], 0
for q in qs:
    t = time.perf_counter()
    best = process.extractOne(q["q"], texts, scorer=fuzz.WRatio)
    timings.append(time.perf_counter() - t)
    top1 += codes[best[2]] in q["codes"]
timings.sort()
print(json.dumps({"p50_ms": timings[len(timings) // 2] * 1000, "p99_ms": timings[int(0.99 * (len(timings) - 1))] * 1000,
                  "top1": top1 / len(qs)}))
'''


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cms", type=Path, default=ROOT.parent / "shared" / "cms" / "rvu25d")
    parser.add_argument("--questions", type=Path, default=ROOT.parent / "shared" / "eval" / "dev_questions.jsonl")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    if not args.cms.exists():
        print(f"no CMS bundle at {args.cms}; pass --cms PATH", file=sys.stderr)
        return 2
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        import time

        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bot.cli", "data", "import", str(args.cms)], env=dict(env, DATABASE_URL=url),
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        import_s = time.perf_counter() - t
        ours = json.loads(subprocess.run([sys.executable, "-c", CHILD, url, str(args.questions), str(args.rounds)],
                                         env=env, check=True, capture_output=True, text=True, cwd=ROOT).stdout)
        pprrvu = next(args.cms.glob("PPRRVU*.csv"))
        base = json.loads(subprocess.run([sys.executable, "-c", BASELINE, str(pprrvu), str(args.questions)],
                                         env=env, check=True, capture_output=True, text=True, cwd=ROOT).stdout)
    print(f"catalog: {args.cms.name}, import {import_s:.2f} s (target <= 20 s)")
    print(f"rvubot:   p50 {ours['p50_ms']:.2f} ms  p99 {ours['p99_ms']:.2f} ms  max {ours['max_ms']:.2f} ms "
          f"over {ours['n']} answers (target p99 <= 5 ms)")
    print(f"rvubot:   start-up to first answer {ours['startup_s']:.2f} s (target <= 1.5 s), peak RSS {ours['rss_mb']:.0f} MB (target <= 200 MB)")
    print(f"baseline: rapidfuzz WRatio over 'code + CMS descriptor': p50 {base['p50_ms']:.2f} ms  p99 {base['p99_ms']:.2f} ms  "
          f"top-1 {base['top1']:.1%} on {args.questions.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
