"""The first call of a training step with a cold and a warm persistent compile cache, haiku-swift against JAX.

Each round runs, per model, four fresh processes: `hkc bench MODEL --json` with an empty
`HK_COMPILE_CACHE_DIR` (cold), again with the same directory (warm), and `Scripts/bench-jax MODEL --json` the
same with `JAX_COMPILATION_CACHE_DIR` (and `JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS=0`, so every compile is
written). Odd rounds run Swift first, even rounds JAX first. For each process it prints the training step's
`compile_ms` (trace, lower and compile or load), the time to the first step's result (init_ms + compile_ms +
first_call_ms) and the process's wall time, then the warm/cold ratios and haiku-swift warm / JAX warm. With
`HK_LOG_COMPILES=1` on the Swift side it prints where each warm compile's time went: trace, lowering (passes and
emission, or `reused`) and compile (XLA, disk cache or memory cache).

Usage: python3 Scripts/bench/warm_cache.py [--rounds N] [--steps N] [--hkc PATH] MODEL ...
       (models: those of `hkc bench` with a training step: cnn, transformer, resnet18, ...)
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REPORT = re.compile(r"^compile (\S+): .*; trace ([\d.]+) ms, lowering ([\d.]+) ms( \(reused\))?, "
                    r"compile ([\d.]+) ms \(([a-z ]+)\)$")


def run(command, env):
    """Runs one benchmark process: its JSON result, its compile report lines, and its wall time in ms."""
    start = time.perf_counter()
    done = subprocess.run(command, env={**os.environ, **env}, capture_output=True, text=True)
    wall = (time.perf_counter() - start) * 1e3
    if done.returncode != 0:
        raise SystemExit(f"warm_cache: {' '.join(command)} failed:\n{done.stderr[-2000:]}")
    result = json.loads([line for line in done.stdout.splitlines() if line.startswith("{")][-1])
    reports = [match.groups() for match in map(REPORT.match, done.stderr.splitlines()) if match]
    return result, reports, wall


def first_result(result):
    """Milliseconds from the start of initialization to the first step's result."""
    return result["init_ms"] + result["compile_ms"] + result["first_call_ms"]


def side(name, model, steps, hkc):
    """Cold and warm runs of one side in a new cache directory."""
    directory = tempfile.mkdtemp(prefix=f"warm-cache-{name}-")
    try:
        if name == "swift":
            command = [hkc, "bench", model, "--json", "--steps", str(steps)]
            env = {"HK_COMPILE_CACHE_DIR": directory, "HK_LOG_COMPILES": "1"}
        else:
            command = [os.path.join(ROOT, "Scripts", "bench-jax"), model, "--json", "--steps", str(steps)]
            env = {"JAX_COMPILATION_CACHE_DIR": directory, "JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS": "0"}
        return run(command, env), run(command, env)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def seconds(ms):
    return f"{ms / 1e3:.2f} s"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--hkc", default=os.path.join(ROOT, ".build", "release", "hkc"))
    parser.add_argument("models", nargs="+")
    arguments = parser.parse_args()
    print("| round | model | load | side | cold compile (first result, process) | warm compile (first result, process) "
          "| warm/cold compile (first result) |")
    print("|---|---|---|---|---|---|---|")
    breakdowns = []
    for round in range(1, arguments.rounds + 1):
        for model in arguments.models:
            load = open("/proc/loadavg").read().split()[0]
            order = ["swift", "jax"] if round % 2 else ["jax", "swift"]
            runs = {name: side(name, model, arguments.steps, arguments.hkc) for name in order}
            for name in ["swift", "jax"]:
                (cold, _, cold_wall), (warm, _, warm_wall) = runs[name]
                print(f"| {round} | {model} | {load} | {name} "
                      f"| {seconds(cold['compile_ms'])} ({seconds(first_result(cold))}, {seconds(cold_wall)}) "
                      f"| {seconds(warm['compile_ms'])} ({seconds(first_result(warm))}, {seconds(warm_wall)}) "
                      f"| {warm['compile_ms'] / cold['compile_ms']:.3f} ({first_result(warm) / first_result(cold):.2f}) |")
            swift, jax = runs["swift"][1][0], runs["jax"][1][0]
            breakdowns.append((round, model, swift["compile_ms"] / jax["compile_ms"],
                               first_result(swift) / first_result(jax), runs["swift"][0][1], runs["swift"][1][1]))
    print("\nhaiku-swift warm / JAX warm, compile (first result); where the warm Swift compiles' time went:")
    for round, model, compile_ratio, first_ratio, cold_reports, reports in breakdowns:
        print(f"round {round} {model}: {compile_ratio:.2f} ({first_ratio:.2f})")
        cold = {report[0]: report for report in cold_reports}
        for function, trace, lowering, reused, compile, source in reports:
            before = cold.get(function)
            was = f" (cold: trace {before[1]} ms, lowering {before[2]} ms, compile {before[4]} ms)" if before else ""
            print(f"    {function}: trace {trace} ms, lowering {lowering} ms{reused or ''}, compile {compile} ms ({source}){was}")


if __name__ == "__main__":
    main()
