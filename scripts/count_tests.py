#!/usr/bin/env python3
"""Print how many tests of each kind ran in each CI pass, from pytest's JUnit XML files.

    python scripts/count_tests.py var/ci/*.xml

Each file is one pass (named after the file). A test's kind is the ``kind`` property that tests/conftest.py
records (unit, postgres, redis, celery_worker, smtp, browser). Standard library only.
"""

import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

KINDS = ("unit", "postgres", "redis", "celery_worker", "smtp", "browser")
OUTCOMES = ("passed", "failed", "error", "skipped")


def outcome(testcase: ET.Element) -> str:
    for tag in ("failure", "error", "skipped"):
        if testcase.find(tag) is not None:
            return "failed" if tag == "failure" else tag
    return "passed"


def count(path: Path) -> Counter:
    counts: Counter = Counter()
    for testcase in ET.parse(path).getroot().iter("testcase"):
        props = {p.get("name"): p.get("value") for p in testcase.iter("property")}
        counts[(props.get("kind", "unit"), outcome(testcase))] += 1
    return counts


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__.strip())
        return 2
    header = f"{'pass':<12} {'kind':<14}" + "".join(f"{o:>9}" for o in OUTCOMES) + f"{'total':>9}"
    print(header)
    print("-" * len(header))
    for path in map(Path, paths):
        counts = count(path)
        seen = {kind for kind, _ in counts}
        for kind in [k for k in KINDS if k in seen] + sorted(seen - set(KINDS)):
            row = [counts[(kind, o)] for o in OUTCOMES]
            print(f"{path.stem:<12} {kind:<14}" + "".join(f"{n:>9}" for n in row) + f"{sum(row):>9}")
        totals = [sum(n for (_, o), n in counts.items() if o == out) for out in OUTCOMES]
        print(f"{path.stem:<12} {'ALL':<14}" + "".join(f"{n:>9}" for n in totals) + f"{sum(totals):>9}")
        print("-" * len(header))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
