#!/usr/bin/env bash
# Whole-corpus throughput, memory and start-up of entente, against a floor.
#
# Usage: benches/corpus.sh SIZE_MB [OUT_DIR]
#
# Generates a JSON Lines corpus of SIZE_MB (10^6 bytes) from the project's own
# stories (benches/gen_corpus.py), builds the release binary, and times over
# it, with 1 and with 2 worker threads:
#   entente extract CORPUS -q > /dev/null
#   entente graph CORPUS -q --format json > OUT_DIR/graph-tN.json
# printing MB/s, wall time, CPU time and peak RSS (/usr/bin/time -v) of each,
# then the start-up time (best of 10 runs on one short story) and the floor,
# finding the names entente's matcher knows (NAMES: `entente rules list names`)
# with ripgrep, once as the issue states it and once as a full scan:
#   rg -c -F -f NAMES CORPUS               (stops at the first name of a line)
#   rg --count-matches -F -f NAMES CORPUS  (finds every name: the real floor)
# The "x floor" column compares with the full scan. It also
# checks that the graph is byte-identical with 1 and 2 threads, and ends with
# a summary table and the issue's targets. Results are kept as
# OUT_DIR/results-SIZEMB.tsv; RSS of other sizes found there is compared.
#
# OUT_DIR defaults to /tmp/entente-bench (keep large corpora out of the repo).
# ENTENTE_BIN=path times that binary instead of building one.
# RUNS=N times each entente run N times (default 1), one and two threads
# taking turns so that a drifting machine weighs on both alike; the tables
# then show the median run by elapsed time, the spread of all of them, and
# the graph's two-worker speed-up within each round with its median.
# The corpus is read once before timing, so every run reads it from the page
# cache: the figures are the program's, not the disk's.
set -euo pipefail

SIZE=${1:?usage: benches/corpus.sh SIZE_MB [OUT_DIR]}
OUT=${2:-/tmp/entente-bench}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi
}

apt_install() {
  as_root apt-get update -qq >/dev/null 2>&1 || true
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if [ ! -x /usr/bin/time ]; then
  echo "corpus: installing GNU time" >&2
  apt_install time
fi
if ! command -v rg >/dev/null; then
  echo "corpus: installing ripgrep" >&2
  apt_install ripgrep || cargo install --quiet ripgrep
fi
RG=$(command -v rg || echo "$HOME/.cargo/bin/rg")

if [ -n "${ENTENTE_BIN:-}" ]; then
  BIN=$ENTENTE_BIN
else
  echo "corpus: building the release binary" >&2
  cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
  BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/entente"
fi

CORPUS="$OUT/corpus-${SIZE}MB.jsonl"
NAMES="$OUT/names.txt"
SHORT="$OUT/short.jsonl"
RESULTS="$OUT/results-${SIZE}MB.tsv"
TIMES="$OUT/time.txt"

start=$EPOCHREALTIME
python3 "$ROOT/benches/gen_corpus.py" "$SIZE" "$CORPUS"
gen_s=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
BYTES=$(stat -c %s "$CORPUS")
MB=$(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1e6 }')
echo "corpus: $CORPUS, $MB MB, generated in ${gen_s}s" >&2

"$BIN" rules list names > "$NAMES"
printf '{"id": "short-1", "date": "2024-03-04", "text": "Japan and India signed a defence pact on Monday."}\n' > "$SHORT"
cat "$CORPUS" > /dev/null # into the page cache

# measure LABEL THREADS OUTFILE CMD...: one timed run, appended to $RESULTS.
measure() {
  local label=$1 threads=$2 outfile=$3
  shift 3
  local t0=$EPOCHREALTIME
  /usr/bin/time -v -o "$TIMES" "$@" > "$outfile"
  local t1=$EPOCHREALTIME
  local rss cpu
  rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$TIMES")
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$TIMES")
  awk -v l="$label" -v t="$threads" -v a="$t0" -v b="$t1" -v by="$BYTES" -v c="$cpu" -v r="$rss" \
    'BEGIN { e = b - a; printf "%s\t%s\t%.2f\t%.1f\t%s\t%.1f\t%s\n", l, t, e, by / 1e6 / e, c, by / 1e6 / c, r }' >> "$RESULTS"
  tail -n 1 "$RESULTS" | awk -F'\t' '{ printf "corpus: %-8s threads %-2s %8.2f s %8.1f MB/s  cpu %6s s  peak RSS %5s MB\n", $1, $2, $3, $4, $5, $7 }' >&2
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
printf 'command\tthreads\telapsed_s\tmb_per_s\tcpu_s\tmb_per_cpu_s\tpeak_rss_mb\n' > "$RESULTS"
measure rg-c 1 /dev/null "$RG" -c -F -f "$NAMES" "$CORPUS"
measure rg-all 1 /dev/null "$RG" --count-matches -F -f "$NAMES" "$CORPUS"
RUNS=${RUNS:-1}
for ((run = 1; run <= RUNS; run++)); do
  for threads in 1 2; do
    measure extract "$threads" /dev/null "$BIN" extract "$CORPUS" -q --threads "$threads"
    measure graph "$threads" "$OUT/graph-t$threads.json" "$BIN" graph "$CORPUS" -q --format json --threads "$threads"
  done
done

# Start-up: best of 10 on one short story.
best=""
for _ in 1 2 3 4 5 6 7 8 9 10; do
  t0=$EPOCHREALTIME
  "$BIN" extract "$SHORT" -q > /dev/null
  t1=$EPOCHREALTIME
  best=$(awk -v a="$t0" -v b="$t1" -v m="$best" 'BEGIN { e = (b - a) * 1000; if (m == "" || e < m) m = e; printf "%.1f", m }')
done
/usr/bin/time -v -o "$TIMES" "$BIN" extract "$SHORT" -q > /dev/null
startup_rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$TIMES")
# rg's own start-up (compiling the names), so the floor can be read net of it.
rg_start=""
for _ in 1 2 3; do
  t0=$EPOCHREALTIME
  "$RG" --count-matches -F -f "$NAMES" "$SHORT" > /dev/null || true
  t1=$EPOCHREALTIME
  rg_start=$(awk -v a="$t0" -v b="$t1" -v m="$rg_start" 'BEGIN { e = (b - a) * 1000; if (m == "" || e < m) m = e; printf "%.1f", m }')
done

sha1=$(sha256sum < "$OUT/graph-t1.json" | cut -c1-16)
sha2=$(sha256sum < "$OUT/graph-t2.json" | cut -c1-16)
identical=$([ "$sha1" = "$sha2" ] && echo yes || echo NO)

# col LABEL THREADS COLUMN: that column of the median run (by elapsed time).
col() {
  awk -F'\t' -v l="$1" -v t="$2" -v c="$3" '
    BEGIN { n = 0 }
    $1 == l && $2 == t { e[n] = $3 + 0; v[n] = $c; n++ }
    END {
      for (i = 0; i < n; i++) {
        r = 0
        for (j = 0; j < n; j++) if (e[j] < e[i] || (e[j] == e[i] && j < i)) r++
        if (r == int((n - 1) / 2)) { print v[i]; exit }
      }
    }' "$RESULTS"
}
# spread LABEL THREADS: "min to max" elapsed seconds over the runs.
spread() {
  awk -F'\t' -v l="$1" -v t="$2" '$1 == l && $2 == t { if (n == 0 || $3 < lo) lo = $3; if (n == 0 || $3 > hi) hi = $3; n++ }
    END { printf "%.2f to %.2f s over %d runs", lo, hi, n }' "$RESULTS"
}
rg_s=$(col rg-all 1 3)
rgc_s=$(col rg-c 1 3)

echo
echo "load average before / after the runs: $load_before / $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v l="${load_before%% *}" 'BEGIN { exit !(l >= 0.5) }' && echo "warning: the machine was busy; wall times are unreliable, CPU times less so"
echo "entente over a $MB MB corpus ($(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))"
echo
printf '%-34s %10s %8s %8s %10s %12s %8s\n' "run" "elapsed s" "MB/s" "CPU s" "MB/CPU-s" "peak RSS MB" "x floor"
for row in "rg-c 1" "rg-all 1" "extract 1" "extract 2" "graph 1" "graph 2"; do
  set -- $row
  case $1 in
    rg-c) label="rg -c -F -f names" ;;
    rg-all) label="rg --count-matches -F -f names" ;;
    *) label="entente $1 --threads $2" ;;
  esac
  printf '%-34s %10s %8s %8s %10s %12s %8s\n' "$label" "$(col "$1" "$2" 3)" "$(col "$1" "$2" 4)" \
    "$(col "$1" "$2" 5)" "$(col "$1" "$2" 6)" "$(col "$1" "$2" 7)" \
    "$(awk -v e="$(col "$1" "$2" 3)" -v r="$rg_s" 'BEGIN { printf "%.1f", e / r }')"
done
echo
if [ "$RUNS" -gt 1 ]; then
  echo "the entente rows are the median of $RUNS runs; elapsed:"
  for row in "extract 1" "extract 2" "graph 1" "graph 2"; do
    set -- $row
    echo "  entente $1 --threads $2: $(spread "$1" "$2")"
  done
  # On a machine whose speed drifts, the runs of one round (one worker,
  # then two, minutes apart) compare more fairly than medians taken apart.
  echo "graph speed-up within each round: $(awk -F'\t' '
    $1 == "graph" && $2 == 1 { one[n1++] = $3 }
    $1 == "graph" && $2 == 2 { two[n2++] = $3 }
    END {
      for (i = 0; i < n2; i++) { r[i] = one[i] / two[i]; printf "%.2fx ", r[i] }
      for (i = 0; i < n2; i++) for (j = i + 1; j < n2; j++) if (r[j] < r[i]) { t = r[i]; r[i] = r[j]; r[j] = t }
      printf "(median %.2fx)", r[int((n2 - 1) / 2)]
    }' "$RESULTS")"
fi
echo "start-up (extract of one short story, best of 10): ${best} ms, peak RSS ${startup_rss} MB"
echo "rg start-up (best of 3): ${rg_start} ms; rg net of it: $(awk -v e="$rg_s" -v s="$rg_start" -v by="$BYTES" \
  'BEGIN { printf "%.1f", by / 1e6 / (e - s / 1000) }') MB/s"
echo "graph json, 1 vs 2 threads: sha256 $sha1 / $sha2 -> identical: $identical"
for other in "$OUT"/results-*MB.tsv; do
  [ "$other" = "$RESULTS" ] && continue
  size=${other##*/results-}
  # the largest, when that size was timed several times (RUNS)
  rss=$(awk -F'\t' '$1 == "graph" && $2 == 1 && $7 > max { max = $7 } END { if (max) print max }' "$other")
  [ -n "$rss" ] && echo "peak RSS of graph --threads 1 at ${size%.tsv}: $rss MB (here: $(col graph 1 7) MB)"
done

verdict() { if awk "BEGIN { exit !($2) }"; then echo "met    $1"; else echo "NOT MET $1"; fi; }
g1=$(col graph 1 4); g1s=$(col graph 1 3); g2s=$(col graph 2 3)
echo
echo "targets (issue 6):"
verdict "graph >= 100 MB/s on one thread (now $g1)" "$g1 >= 100"
verdict "graph speed-up on two threads >= 1.7x (now $(awk -v a="$g1s" -v b="$g2s" 'BEGIN { printf "%.3f", a / b }')x)" "$g1s / $g2s >= 1.7"
verdict "graph within 3x of rg -c (now $(awk -v a="$g1s" -v b="$rgc_s" 'BEGIN { printf "%.1f", a / b }')x)" "$g1s / $rgc_s <= 3"
verdict "graph within 3x of rg --count-matches (now $(awk -v a="$g1s" -v b="$rg_s" 'BEGIN { printf "%.1f", a / b }')x)" "$g1s / $rg_s <= 3"
verdict "peak RSS < 200 MB (graph: $(col graph 1 7) / $(col graph 2 7) MB)" "$(col graph 1 7) < 200 && $(col graph 2 7) < 200"
verdict "start-up < 30 ms (now $best ms)" "$best < 30"
verdict "same graph with 1 and 2 threads" "\"$identical\" == \"yes\""
