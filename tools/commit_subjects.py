"""Commit subjects stay under 72 characters, the detail goes in the body (issue 16 §2).

    python3 tools/commit_subjects.py [--since 2026-12-06T00:00:00Z] [REV]

Checks the subjects of the commits reachable from REV (default HEAD) committed at or after --since: the
rule holds from that date on, the history before it is left as it is (never rewritten). Exit 1 and a list
of the long subjects when any is 72 characters or longer; characters are counted, not bytes.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

LIMIT = 72
ENFORCED_SINCE = "2026-12-06T00:00:00Z"  # the first session after the rule was adopted


def long_subjects(rev: str, since: str) -> list[tuple[str, str]]:
    out = subprocess.run(
        ["git", "log", f"--since={since}", "--format=%h%x00%s", rev, "--"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    ).stdout
    pairs = [line.split("\0", 1) for line in out.splitlines() if "\0" in line]
    return [(h, s) for h, s in pairs if len(s) >= LIMIT]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rev", nargs="?", default="HEAD")
    ap.add_argument("--since", default=ENFORCED_SINCE)
    args = ap.parse_args(argv)
    bad = long_subjects(args.rev, args.since)
    for h, s in bad:
        print(f"{h}: subject of {len(s)} characters (under {LIMIT}): {s}")
    if bad:
        print("Put the detail in the commit body; shorten the subject (git commit --amend before landing).")
        return 1
    print(f"commit subjects since {args.since}: all under {LIMIT} characters")
    return 0


if __name__ == "__main__":
    sys.exit(main())
