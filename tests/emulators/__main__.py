"""Run one emulator by hand: ``python3 -m tests.emulators onecart --port 8081`` (from the repository root).

Binds 127.0.0.1 only. Platforms: onecart, cartrover, opencart-3.0, opencart-4.0, opencart-4.1.
"""

from __future__ import annotations

import argparse

from aiohttp import web

from tests.emulators import cartrover, onecart, opencart_rest


def main() -> None:
    parser = argparse.ArgumentParser(prog="python3 -m tests.emulators")
    parser.add_argument("platform", choices=["onecart", "cartrover", "opencart-3.0", "opencart-4.0", "opencart-4.1"])
    parser.add_argument("--port", type=int, default=0, help="0 lets the OS pick a free port")
    parser.add_argument("--orders", type=int, default=None, help="seed this many orders (e.g. 5000)")
    args = parser.parse_args()
    if args.platform == "onecart":
        from tests.emulators.onecart_data import seed as onecart_seed

        app = onecart.create_app(onecart.OneCartState(data=onecart_seed(orders=args.orders or 600)))
    elif args.platform == "cartrover":
        from tests.emulators.cartrover_data import seed as cartrover_seed

        app = cartrover.create_app(cartrover.CartRoverState(data=cartrover_seed(orders=args.orders or 400)))
    else:
        dialect = args.platform.split("-")[1]
        app = opencart_rest.create_app(opencart_rest.OpenCartState(dialect=dialect))  # type: ignore[arg-type]
    web.run_app(app, host="127.0.0.1", port=args.port)


if __name__ == "__main__":
    main()
