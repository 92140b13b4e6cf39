"""API overhead: an authenticated cartgate method vs a bare aiohttp handler, interleaved.

Both servers run as one process each pinned to core 0; wrk runs on core 1. Rounds alternate
the order of the two sides; the report gives requests/s and p50/p99 of each side and the median
ratio (gateway / bare) with its spread. Usage:

    python3 bench/api_overhead.py --rounds 8 --seconds 3

wrk comes from Debian's package (`apt-get install -y wrk`; installed here if missing).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RECORDS = [
    {"id": str(i), "name": f"Product {i}", "price": f"{i * 3}.99", "quantity": i * 7, "sku": f"SKU-{i:05d}"}
    for i in range(1, 11)
]


def serve_bare(port: int) -> None:
    import orjson
    from aiohttp import web

    async def handler(request: web.Request) -> web.Response:
        return web.Response(body=orjson.dumps({"result": RECORDS}), content_type="application/json")

    app = web.Application()
    app.router.add_get("/bare", handler)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


def serve_gateway(port: int, workdir: str) -> None:
    from aiohttp import web
    from pydantic import BaseModel

    from connectors.registry import CONNECTORS
    from connectors.spec import ConnectorContext, ConnectorSpec
    from gateway.app import build_app
    from gateway.keys import SERVICES
    from gateway.logs import configure_logging
    from gateway.methods.catalogue import build_method_table
    from gateway.methods.table import ListParams, MethodSpec
    from gateway.secrets import KeyRing
    from gateway.settings import Settings
    from gateway.storage.repo import add_store, create_account

    class BenchListParams(ListParams):
        pass

    result = {"products_count": len(RECORDS), "product": RECORDS}

    async def bench_list(ctx: ConnectorContext, params: BaseModel) -> Any:
        return result

    spec = ConnectorSpec("Bench", "Bench", "builtin", handlers={"bench.product.list": bench_list})
    method = MethodSpec(
        "bench.product.list", BenchListParams, write=False, needs_store=True, summary="bench", items_field="product"
    )
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{workdir}/bench.db",
        secret_key=KeyRing.generate().active,
        rate_limit_requests=10**9,
        log_level="WARNING",
    )
    configure_logging("WARNING", True)
    app = build_app(settings, table=build_method_table([method]), connectors={**CONNECTORS, "Bench": spec})

    async def make_keys(app: web.Application) -> None:
        services = app[SERVICES]
        async with services.sessionmaker() as session, session.begin():
            account, api_key = await create_account(session, "bench")
            _, store_key = await add_store(
                session,
                services.ring,
                account_id=account.id,
                cart_id="Bench",
                store_url="https://bench.example.com",
                credentials={},
            )
        keys = json.dumps({"api_key": api_key, "store_key": store_key})
        Path(workdir, "keys.json").write_text(keys)  # noqa: ASYNC240 - once, at start-up

    app.on_startup.append(make_keys)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_port(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise SystemExit(f"server on port {port} did not start")


def _parse_wrk(output: str) -> dict[str, float]:
    def latency(label: str) -> float:
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        if not match:
            raise ValueError(output)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if rps is None:
        raise ValueError(output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise SystemExit(f"wrk saw errors: {errors.group(0)}")
    return {"rps": float(rps.group(1)), "p50_ms": latency("50"), "p99_ms": latency("99")}


def _wrk(url: str, headers: dict[str, str], seconds: float, connections: int) -> dict[str, float]:
    cmd = ["taskset", "-c", "1", "wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency", url]
    for name, value in headers.items():
        cmd[-1:-1] = ["-H", f"{name}: {value}"]
    return _parse_wrk(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--serve", choices=["bare", "gateway"], help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve == "bare":
        return serve_bare(args.port)
    if args.serve == "gateway":
        return serve_gateway(args.port, args.workdir)

    if shutil.which("wrk") is None:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
    workdir = tempfile.mkdtemp(prefix="cg-bench-")
    ports = {"gateway": _free_port(), "bare": _free_port()}
    procs = [
        subprocess.Popen(
            [
                "taskset",
                "-c",
                "0",
                sys.executable,
                __file__,
                "--serve",
                side,
                "--port",
                str(port),
                "--workdir",
                workdir,
            ],
            cwd=ROOT,
        )
        for side, port in ports.items()
    ]
    try:
        deadline = time.monotonic() + 60
        for port in ports.values():
            _wait_port(port, deadline)
        keys = json.loads(Path(workdir, "keys.json").read_text())
        targets = {
            "gateway": (
                f"http://127.0.0.1:{ports['gateway']}/v1.1/bench.product.list.json",
                {"x-api-key": keys["api_key"], "x-store-key": keys["store_key"]},
            ),
            "bare": (f"http://127.0.0.1:{ports['bare']}/bare", {}),
        }
        sample = subprocess.run(
            [
                "curl",
                "-s",
                targets["gateway"][0],
                "-H",
                f"x-api-key: {keys['api_key']}",
                "-H",
                f"x-store-key: {keys['store_key']}",
            ],
            capture_output=True,
            text=True,
        )
        assert json.loads(sample.stdout)["return_code"] == 0, sample.stdout
        for side in ("gateway", "bare"):  # warm-up
            _wrk(*targets[side], seconds=1, connections=args.connections)
        results: dict[str, list[dict[str, float]]] = {"gateway": [], "bare": []}
        ratios = []
        for round_no in range(args.rounds):
            order = ["gateway", "bare"] if round_no % 2 == 0 else ["bare", "gateway"]
            for side in order:
                results[side].append(_wrk(*targets[side], seconds=args.seconds, connections=args.connections))
            ratios.append(results["gateway"][-1]["rps"] / results["bare"][-1]["rps"])
            print(
                f"round {round_no + 1}: gateway {results['gateway'][-1]['rps']:.0f} rps, "
                f"bare {results['bare'][-1]['rps']:.0f} rps, ratio {ratios[-1]:.3f}",
                flush=True,
            )
        print()
        print("| side | median req/s | median p50 (ms) | median p99 (ms) |")
        print("| --- | --- | --- | --- |")
        for side in ("gateway", "bare"):
            rows = results[side]
            print(
                f"| {side} | {statistics.median(r['rps'] for r in rows):.0f} | "
                f"{statistics.median(r['p50_ms'] for r in rows):.2f} | "
                f"{statistics.median(r['p99_ms'] for r in rows):.2f} |"
            )
        print()
        print(
            f"ratio gateway/bare: median {statistics.median(ratios):.3f}, "
            f"min {min(ratios):.3f}, max {max(ratios):.3f} over {len(ratios)} rounds "
            f"({args.seconds:g} s each, {args.connections} connections)"
        )
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(10)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
