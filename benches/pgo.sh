#!/usr/bin/env bash
# A profile-guided release build of entente, for packagers and big runs.
#
# Usage: benches/pgo.sh [OUT_DIR]
#
# Builds an instrumented release binary, runs it over a 20 MB corpus
# generated from the project's own stories (benches/gen_corpus.py: `graph`
# and `extract`, one and two threads) and over the examples, merges the
# profiles, and builds the release binary again with them. The binary is
# OUT_DIR/entente (OUT_DIR defaults to target/pgo); time it with
#   ENTENTE_BIN=target/pgo/entente benches/corpus.sh 100
# Its output is the plain release build's, byte for byte: only the layout
# of the machine code changes (docs/performance.md has the figures).
#
# Needs `llvm-profdata` of the toolchain's LLVM: the script adds rustup's
# llvm-tools component when it is missing.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$ROOT/target/pgo}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

HOST=$(rustc -vV | sed -n 's/^host: //p')
PROFDATA="$(rustc --print sysroot)/lib/rustlib/$HOST/bin/llvm-profdata"
if [ ! -x "$PROFDATA" ]; then
  echo "pgo: adding rustup's llvm-tools component" >&2
  rustup component add llvm-tools >&2
fi

echo "pgo: building the instrumented binary" >&2
RUSTFLAGS="-Cprofile-generate=$WORK/profiles" CARGO_TARGET_DIR="$WORK/target" \
  cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
BIN="$WORK/target/release/entente"

echo "pgo: training on a 20 MB corpus and the examples" >&2
python3 "$ROOT/benches/gen_corpus.py" 20 "$WORK/corpus.jsonl" >/dev/null
for threads in 1 2; do
  "$BIN" graph -q --threads "$threads" --format json "$WORK/corpus.jsonl" >/dev/null
  "$BIN" extract -q --threads "$threads" "$WORK/corpus.jsonl" >/dev/null
done
"$BIN" extract -q "$ROOT/data/examples" >/dev/null
"$PROFDATA" merge -o "$WORK/merged.profdata" "$WORK/profiles"

echo "pgo: building the optimised binary" >&2
RUSTFLAGS="-Cprofile-use=$WORK/merged.profdata" CARGO_TARGET_DIR="$WORK/target" \
  cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
cp "$WORK/target/release/entente" "$OUT/entente"
echo "pgo: $OUT/entente" >&2
