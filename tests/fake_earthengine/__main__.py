"""Run the fake Earth Engine service in its own process (the download benchmark uses it).

Prints one JSON line ``{"url": ..., "key": ...}`` (the service-account key file to sign in
with), then serves until its standard input closes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .server import FakeEarthEngine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--key", type=Path, required=True, help="where to write the service-account key")
    parser.add_argument("--fixed", type=float, default=0.0, help="seconds per computePixels request")
    parser.add_argument("--per-mp", type=float, default=0.0, help="seconds per megapixel of a request")
    parser.add_argument("--cap", type=int, default=None, help="computePixels requests in flight at once")
    args = parser.parse_args()
    fake = FakeEarthEngine().start()
    fake.synthetic = True
    fake.latency = (args.fixed, args.per_mp)
    fake.concurrency_cap = args.cap
    fake.service_account_key(args.key)
    print(json.dumps({"url": fake.url, "key": str(args.key)}), flush=True)
    sys.stdin.read()  # until the parent closes it
    rejected = sum(1 for _, path, _ in fake.log if "computePixels" in path) - fake.served
    print(json.dumps({"peak_in_flight": fake.peak_in_flight, "served": fake.served, "rejected": rejected}), flush=True)
    fake.stop()


if __name__ == "__main__":
    main()
