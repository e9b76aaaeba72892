"""The recount worker process: read one request as JSON on stdin, print the verdict as JSON."""

from __future__ import annotations

import json
import sys

from ballots.results import signing
from ballots.results.recount import encode
from ballots.results.verify import verify


def main() -> int:
    """Run one verification and print it; nothing here touches a database or the network."""
    request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    key = signing.read_public_key(request["public_key"]) if request["public_key"] else None
    verdict = verify(
        request["ballots"],
        request["certificate"],
        public_key=key,
        expect_sha256=request.get("expect_sha256", ""),
    )
    sys.stdout.write(encode(verdict))
    return 0


if __name__ == "__main__":
    sys.exit(main())
