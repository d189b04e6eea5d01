"""The engine server's OpenAPI document, as committed in packaging/openapi.json.

`python -m studio.server.openapi packaging/openapi.json` rewrites it; a test fails when the
committed file differs from what the code serves, so the document other tools read never drifts.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def openapi_document() -> dict[str, Any]:
    """The document for a server with no engines (the routes and bodies do not depend on them)."""
    from studio.server.app import create_app

    guard = create_app({})
    doc = guard.app.openapi()
    doc["info"]["version"] = "see the server's /openapi.json"  # not the installed version: stable file
    return json.loads(json.dumps(doc))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = json.dumps(openapi_document(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if args:
        Path(args[0]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
