#!/usr/bin/env python3
"""Measure the kernels `blueprint calibrate` fits a GPU profile's efficiency parameters to.

Runs on a machine with an NVIDIA GPU and PyTorch (CUDA); writes the CSV that
`blueprint calibrate SWEEP.csv --hardware ID` reads (docs/calibration.md, "Calibrating a GPU
from a kernel sweep"):

    kind,precision,m,n,k,stream_bytes,gather_bytes,seconds,note

Every kernel is captured many times in a CUDA graph and the graph is replayed, so a row's time is
the kernel plus one graph node's fixed cost, which is what the model charges kernels inside a
graph or engine. Small buffers rotate through more memory than the L2 cache holds, so copies and
gathers are timed from device memory, as the model assumes. A measurement that fails (a format the
GPU or this PyTorch lacks) is reported on stderr and left out; the rest still run.

    python3 tests/gpu/kernels.py --out h100-kernels.csv
"""
import argparse
import csv
import datetime
import math
import subprocess
import sys
import time

import torch

MIN_TIMED_SECONDS = 0.05


def graph_time(step, calls):
    """Seconds per call of `step`, captured `calls` times in one CUDA graph and replayed."""
    stream = torch.cuda.Stream()
    stream.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(stream):
        for _ in range(2):
            step()
    torch.cuda.current_stream().wait_stream(stream)
    torch.cuda.synchronize()
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        for _ in range(calls):
            step()
    graph.replay()
    torch.cuda.synchronize()
    start = torch.cuda.Event(enable_timing=True)
    end = torch.cuda.Event(enable_timing=True)
    start.record()
    graph.replay()
    end.record()
    end.synchronize()
    once = start.elapsed_time(end) / 1e3
    replays = max(3, min(200, math.ceil(MIN_TIMED_SECONDS / once)))
    start.record()
    for _ in range(replays):
        graph.replay()
    end.record()
    end.synchronize()
    seconds = start.elapsed_time(end) / 1e3 / (replays * calls)
    del graph
    return seconds


def calls_for(estimated_seconds, at_most=1000):
    """Enough calls in one graph to last about 5 ms, so replay's own cost is negligible."""
    return int(max(1, min(at_most, 5e-3 / max(estimated_seconds, 1e-7))))


class Sweep:
    def __init__(self, out):
        self.out = out
        self.csv = csv.writer(out, lineterminator="\n")
        self.rows = 0

    def row(self, kind, seconds, precision="", m="", n="", k="", stream_bytes="", gather_bytes="", note=""):
        self.csv.writerow([kind, precision, m, n, k, stream_bytes, gather_bytes, f"{seconds:.9g}", note])
        self.out.flush()
        self.rows += 1

    def attempt(self, what, measure):
        try:
            measure()
        except Exception as e:  # one unsupported format must not end the sweep
            print(f"kernels.py: skipped {what}: {type(e).__name__}: {e}", file=sys.stderr)
        finally:
            torch.cuda.empty_cache()


def overheads(sweep):
    x = torch.zeros(1, device="cuda")
    for _ in range(20):
        x.add_(1)
    torch.cuda.synchronize()
    for repeat in range(5):
        rounds = 200
        begin = time.perf_counter()
        for _ in range(rounds):
            x.add_(1)
            torch.cuda.synchronize()
        sweep.row("launch", (time.perf_counter() - begin) / rounds, note=f"eager add then synchronize, run {repeat}")
    for repeat in range(5):
        sweep.row("graph-node", graph_time(lambda: x.add_(1), 1000), note=f"one-element add in a graph, run {repeat}")


def streams(sweep, l2_bytes, free_bytes):
    size = 256 * 1024
    while size <= min(4 << 30, free_bytes // 4):
        def measure(size=size):
            # Copy through a ring of buffers four times the L2 so every copy reads device memory.
            count = max(2, math.ceil(4 * l2_bytes / size))
            ring = [torch.empty(size, dtype=torch.uint8, device="cuda") for _ in range(count)]
            for buffer in ring:
                buffer.random_(0, 255)
            position = [0]

            def step():
                i = position[0]
                ring[(i + 1) % count].copy_(ring[i % count])
                position[0] = i + 1

            estimate = 2 * size / 2e12 + 3e-6
            calls = max(count, calls_for(estimate, at_most=4 * count))
            sweep.row("stream", graph_time(step, calls), stream_bytes=2 * size, note=f"copy of {size} B, ring of {count}")
            del ring
        sweep.attempt(f"copy of {size} B", measure)
        size *= 4


def gathers(sweep, l2_bytes, free_bytes):
    table_bytes = min(4 << 30, free_bytes // 4)
    for row_bytes in (128, 256):
        table = torch.randint(0, 255, (table_bytes // row_bytes, row_bytes), dtype=torch.uint8, device="cuda")
        rows = 1 << 16
        while rows * row_bytes <= min(1 << 30, table_bytes // 4):
            def measure(rows=rows, row_bytes=row_bytes):
                index = torch.randint(0, table.shape[0], (rows,), dtype=torch.int64, device="cuda")
                output = torch.empty((rows, row_bytes), dtype=torch.uint8, device="cuda")
                gathered = rows * row_bytes
                calls = calls_for(gathered / 1.5e12 + 3e-6, at_most=200)
                seconds = graph_time(lambda: torch.index_select(table, 0, index, out=output), calls)
                sweep.row("gather", seconds, stream_bytes=gathered + rows * 8, gather_bytes=gathered,
                          note=f"{rows} random rows of {row_bytes} B from {table_bytes} B")
            sweep.attempt(f"gather of {rows} rows of {row_bytes} B", measure)
            rows *= 4
        del table
        torch.cuda.empty_cache()


def gemm_shapes():
    shapes = [(s, s, s) for s in (512, 1024, 2048, 4096, 8192, 16384)]
    shapes += [(m, 8192, 8192) for m in (16, 64, 256, 1024, 4096, 16384)]
    # Transformer serving shapes (Llama-3.1-70B slices at tensor parallel 8 and 1).
    shapes += [(m, 1280, 8192) for m in (256, 4096)] + [(m, 7168, 8192) for m in (256, 4096)]
    shapes += [(m, 8192, 3584) for m in (256, 4096)] + [(4096, 28672, 8192), (4096, 8192, 28672)]
    return shapes


def gemms(sweep):
    formats = {
        "bf16": (torch.bfloat16, torch.bfloat16),
        "fp16": (torch.float16, torch.float16),
        "tf32": (torch.float32, torch.float32),
    }
    for name, (dtype, out_dtype) in formats.items():
        torch.backends.cuda.matmul.allow_tf32 = name == "tf32"
        for m, n, k in gemm_shapes():
            if name == "tf32" and m * n * k > 8192 ** 3:
                continue

            def measure(m=m, n=n, k=k, dtype=dtype):
                a = torch.randn(m, k, device="cuda", dtype=dtype)
                b = torch.randn(k, n, device="cuda", dtype=dtype)
                c = torch.empty(m, n, device="cuda", dtype=dtype)
                size = a.element_size()
                estimate = 2 * m * n * k / 5e14 + 3e-6
                seconds = graph_time(lambda: torch.matmul(a, b, out=c), calls_for(estimate, at_most=200))
                sweep.row("gemm", seconds, name, m, n, k, (m * k + k * n + m * n) * size, note="torch.matmul")
            sweep.attempt(f"{name} gemm {m}x{n}x{k}", measure)
    torch.backends.cuda.matmul.allow_tf32 = False
    if hasattr(torch, "float8_e4m3fn") and hasattr(torch, "_scaled_mm"):
        for m, n, k in gemm_shapes():
            def measure(m=m, n=n, k=k):
                a = torch.randn(m, k, device="cuda").to(torch.float8_e4m3fn)
                b = torch.randn(n, k, device="cuda").to(torch.float8_e4m3fn).t()
                one = torch.tensor(1.0, device="cuda")
                estimate = 2 * m * n * k / 1e15 + 3e-6
                seconds = graph_time(lambda: torch._scaled_mm(a, b, scale_a=one, scale_b=one,
                                                             out_dtype=torch.bfloat16),
                                     calls_for(estimate, at_most=50))
                sweep.row("gemm", seconds, "fp8", m, n, k, m * k + k * n + 2 * m * n,
                          note="torch._scaled_mm e4m3, bf16 out")
            sweep.attempt(f"fp8 gemm {m}x{n}x{k}", measure)
    if hasattr(torch, "_int_mm"):
        for m, n, k in gemm_shapes():
            if m <= 16:
                continue

            def measure(m=m, n=n, k=k):
                a = torch.randint(-127, 127, (m, k), device="cuda", dtype=torch.int8)
                b = torch.randint(-127, 127, (k, n), device="cuda", dtype=torch.int8)
                estimate = 2 * m * n * k / 1e15 + 3e-6
                seconds = graph_time(lambda: torch._int_mm(a, b), calls_for(estimate, at_most=50))
                sweep.row("gemm", seconds, "int8", m, n, k, m * k + k * n + 4 * m * n, note="torch._int_mm, int32 out")
            sweep.attempt(f"int8 gemm {m}x{n}x{k}", measure)


def describe_device(out):
    props = torch.cuda.get_device_properties(0)
    out.write(f"# device: {props.name}, {props.multi_processor_count} SMs, "
              f"{props.total_memory / 2**30:.1f} GiB, L2 {getattr(props, 'L2_cache_size', 0)} B\n")
    out.write(f"# torch {torch.__version__}, CUDA {torch.version.cuda}, "
              f"measured {datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds')}\n")
    try:
        smi = subprocess.run(["nvidia-smi", "--query-gpu=driver_version,clocks.max.sm,clocks.max.mem,power.limit",
                              "--format=csv,noheader"], capture_output=True, text=True, timeout=20)
        if smi.returncode == 0:
            out.write(f"# nvidia-smi driver, max SM clock, max memory clock, power limit: {smi.stdout.strip()}\n")
    except (OSError, subprocess.SubprocessError):
        pass
    out.write("# written by tests/gpu/kernels.py; fit with: blueprint calibrate THIS.csv --hardware ID\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", help="CSV file to write (default: standard output)")
    parser.add_argument("--only", choices=["overheads", "streams", "gathers", "gemms"], action="append",
                        help="measure only these kinds (repeatable)")
    args = parser.parse_args()
    if not torch.cuda.is_available():
        print("kernels.py: no CUDA device is visible to PyTorch", file=sys.stderr)
        return 2
    torch.manual_seed(0)
    out = open(args.out, "w") if args.out else sys.stdout
    describe_device(out)
    out.write("kind,precision,m,n,k,stream_bytes,gather_bytes,seconds,note\n")
    sweep = Sweep(out)
    props = torch.cuda.get_device_properties(0)
    l2_bytes = getattr(props, "L2_cache_size", 64 << 20) or (64 << 20)
    free_bytes, _ = torch.cuda.mem_get_info()
    wanted = set(args.only or ["overheads", "streams", "gathers", "gemms"])
    began = time.perf_counter()
    if "overheads" in wanted:
        overheads(sweep)
    if "streams" in wanted:
        streams(sweep, l2_bytes, free_bytes)
    if "gathers" in wanted:
        gathers(sweep, l2_bytes, free_bytes)
    if "gemms" in wanted:
        gemms(sweep)
    print(f"kernels.py: {sweep.rows} rows in {time.perf_counter() - began:.0f} s", file=sys.stderr)
    if args.out:
        out.close()
    return 0 if sweep.rows > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
