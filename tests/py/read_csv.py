"""Parse an entente CSV edge list with Python's csv module; print the rows as JSON.

Usage: python3 read_csv.py FILE

The Rust tests in tests/exports.rs check that every field, including ones
with commas, quotes and line breaks, comes back exactly as written.
"""

import csv
import json
import sys

with open(sys.argv[1], newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f, strict=True))
json.dump(rows, sys.stdout)
print()
