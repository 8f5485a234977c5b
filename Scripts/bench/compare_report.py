"""Scripts/compare's report, from its log of JSON lines: a marker before each
round ({"bench", "round", "steps", "load"}), then that round's results from
`hkc bench <bench> --json` and `Scripts/bench-jax <bench> --json`.

Prints the CPU kind; then per bench, every round (the load average before it,
both medians and their ratio Swift/JAX; for several cases, the ratio of each),
the median of the per-round ratios with min, p10-p90 and max, every ratio, and
each side's best round (lowest median) with its compile time and, for a
training step (mlp, cnn, lstm, transformer, mobilenet, resnet18, resnet50, vqvae), first-call, init
and peak-memory figures; an lstm or transformer bench's heading names its sequence length, and a
bench under --policy its policy.

Usage: python3 compare_report.py LOG
"""
import json
import os
import sys


def cpu_kind():
    """The CPU's model name, its Zen generation where the AMD family tells it, its core count and widest vectors."""
    info = {}
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            key, _, value = line.partition(":")
            info.setdefault(key.strip(), value.strip())
    flags = set(info.get("flags", "").split())
    vectors = "AVX-512" if "avx512f" in flags else "AVX2 only" if "avx2" in flags else "no AVX2"
    generation = None
    if info.get("vendor_id") == "AuthenticAMD":
        zen3_or_4 = "Zen 4" if "avx512f" in flags else "Zen 3"
        generation = {"23": "Zen / Zen 2", "25": zen3_or_4, "26": "Zen 5"}.get(info.get("cpu family"))
    name = info.get("model name", "unknown CPU") + (f" ({generation})" if generation else "")
    return f"{name}, {os.cpu_count()} cores, {vectors}"


def read_log(path):
    """The round markers and the results, each result tagged with its marker's bench and round."""
    markers, results, marker = [], [], None
    with open(path) as log:
        for line in log:
            row = json.loads(line)
            if "round" in row:
                marker = row
                markers.append(row)
            else:
                results.append({**row, "bench": marker["bench"], "round": marker["round"]})
    return markers, results


def percentile(values, fraction):
    """Linear interpolation between the closest ranks, as numpy.percentile."""
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def spread(values, digits):
    """`median M, min A, p10-p90 B-C, max D`."""
    number = lambda fraction: f"{percentile(values, fraction):.{digits}f}"
    return f"median {number(0.5)}, min {number(0)}, p10-p90 {number(0.1)}-{number(0.9)}, max {number(1)}"


def round_list(numbers):
    """`rounds 1-20` for a full run of numbers, else `rounds 1, 3, 4`."""
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"rounds {numbers[0]}-{numbers[-1]}" if len(numbers) > 1 else f"round {numbers[0]}"
    return "rounds " + ", ".join(map(str, numbers))


def best_round(swift, jax):
    """Each side's lowest-median round: its median, compile and (for a training step) first-call, init and memory."""
    s = min(swift, key=lambda r: r["median_ms"])
    j = min(jax, key=lambda r: r["median_ms"])
    line = (f"best rounds: median {s['median_ms']:.3f} vs {j['median_ms']:.3f} ms "
            f"-> ratio {s['median_ms'] / j['median_ms']:.2f}; compile {s['compile_ms']:.0f} vs {j['compile_ms']:.0f} ms")
    if "init_ms" in s:
        line += (f"; first call {s['first_call_ms']:.1f} vs {j['first_call_ms']:.1f} ms; "
                 f"init {s['init_ms']:.0f} vs {j['init_ms']:.0f} ms; "
                 f"peak memory {s['peak_memory_bytes']} vs {j['peak_memory_bytes']} B")
    return line


def report(bench, markers, results):
    """Prints one bench's rounds, ratios and best rounds."""
    side = lambda implementation: "swift" if implementation == "haiku-swift" else "jax"
    runs = {(side(r["implementation"]), r["model"], r["round"]): r for r in results}
    cases = list(dict.fromkeys(r["model"] for r in results))
    ratio = lambda case, number: (runs[("swift", case, number)]["median_ms"] / runs[("jax", case, number)]["median_ms"]
                                  if ("swift", case, number) in runs and ("jax", case, number) in runs else None)
    shown = lambda value, digits: "-" if value is None else f"{value:.{digits}f}"
    steps = markers[0]["steps"] or "each side's default"
    lengths = sorted({r["length"] for r in results if "length" in r})
    length = "".join(f", sequence length {value}" for value in lengths)
    length += "".join(f", policy {value}" for value in sorted({r["policy"] for r in results if "policy" in r}))
    print(f"\n{bench}: {len(markers)} rounds ({steps} steps per process{length}; Swift first in odd rounds, JAX first in even)")
    if len(cases) == 1:
        print("  round  load 1/5/15 min   Swift ms    JAX ms  Swift/JAX")
        for marker in markers:
            number, case = marker["round"], cases[0]
            medians = [runs.get((name, case, number), {}).get("median_ms") for name in ("swift", "jax")]
            print(f"  {number:5}  {marker['load']:<16}{shown(medians[0], 3):>10}{shown(medians[1], 3):>10}"
                  f"{shown(ratio(case, number), 3):>11}")
    else:
        print("  Swift/JAX per round and case:")
        for index, case in enumerate(cases, 1):
            print(f"    [{index}] {case}")
        print("  round  load 1/5/15 min " + "".join(f"{f'[{index}]':>8}" for index in range(1, len(cases) + 1)))
        for marker in markers:
            print(f"  {marker['round']:5}  {marker['load']:<16}"
                  + "".join(f"{shown(ratio(case, marker['round']), 3):>8}" for case in cases))
    for case in cases:
        numbers = [m["round"] for m in markers if ratio(case, m["round"]) is not None]
        if not numbers:
            print(f"  {case}: no round has both sides")
            continue
        ratios = [ratio(case, number) for number in numbers]
        swift = [runs[("swift", case, number)] for number in numbers]
        jax = [runs[("jax", case, number)] for number in numbers]
        print(f"  {case}: per-round Swift/JAX over {round_list(numbers)} ({len(numbers)} of {len(markers)} rounds): "
              f"{spread(ratios, 3)}")
        print(f"    every ratio: {' '.join(f'{value:.3f}' for value in ratios)}")
        print(f"    median of the round medians: Swift {percentile([r['median_ms'] for r in swift], 0.5):.3f} ms, "
              f"JAX {percentile([r['median_ms'] for r in jax], 0.5):.3f} ms")
        print(f"    {best_round(swift, jax)}")


def main():
    markers, results = read_log(sys.argv[1])
    print(f"CPU: {cpu_kind()}")
    for bench in dict.fromkeys(m["bench"] for m in markers):
        report(bench, [m for m in markers if m["bench"] == bench], [r for r in results if r["bench"] == bench])


if __name__ == "__main__":
    main()
