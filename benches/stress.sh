#!/usr/bin/env bash
# Stress test (not a timed test): runs the release binary over a large JSON
# Lines corpus in which a share of the records are broken, and checks that
# every good story comes out and every bad record is reported, by line.
#
#   benches/stress.sh [SIZE_MB] [BAD_PERCENT] [OUT_DIR]
#
# Bad records, mixed in at random: lines that are not JSON, JSON that is not
# an object, objects with no text, an empty text, invalid UTF-8 bytes inside
# an otherwise good story (read lossily, with one warning per file), and
# three stories of several megabytes on one line. Prints the counts, MB/s and peak
# memory, and exits non-zero if anything was lost or left unreported.
set -euo pipefail
size=${1:-1000}
bad_percent=${2:-2}
out=${3:-/tmp/entente-stress}
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
cd "$here"
cargo build --release --quiet
bin=$here/target/release/entente

echo "stress: generating ${size} MB with ${bad_percent}% broken records in $out"
python3 benches/gen_corpus.py "$size" "$out/clean.jsonl" >/dev/null
python3 - "$out/clean.jsonl" "$out/corpus.jsonl" "$out/expected.txt" "$bad_percent" <<'PY'
import json, random, sys
src, dst, expected, pct = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
rng = random.Random(7)
good = bad = lossy = 0
kinds = ["not json {", "[1, 2, 3]", '{"title": "no text"}', '{"text": "   "}', "lossy", "huge"]
# A few multi-megabyte stories test long lines; more would only make the
# corpus (and the output) many times larger than asked.
huge_left = 3
with open(src, "rb") as fin, open(dst, "wb") as fout:
    for line in fin:
        if rng.random() * 100 < pct:
            kind = rng.choice(kinds if huge_left else kinds[:-1])
            if kind == "lossy":
                # A good story with invalid UTF-8 inside: read, with a warning.
                story = json.loads(line)
                raw = json.dumps(story).encode()
                cut = raw.index(b'"text": "') + 12
                fout.write(raw[:cut] + b"\xff\xfe" + raw[cut:] + b"\n")
                good += 1
                lossy += 1
            elif kind == "huge":
                huge_left -= 1
                story = json.loads(line)
                story["text"] = (story["text"] + " ") * max(1, 4_000_000 // max(1, len(story["text"])))
                fout.write(json.dumps(story).encode() + b"\n")
                good += 1
            else:
                fout.write(kind.encode() + b"\n")
                bad += 1
        fout.write(line)
        good += 1
with open(expected, "w") as f:
    f.write(f"{good} {bad} {1 if lossy else 0}\n")
PY
read -r good bad lossy < "$out/expected.txt"
bytes=$(stat -c %s "$out/corpus.jsonl")

/usr/bin/time -v "$bin" extract "$out/corpus.jsonl" --format jsonl > "$out/out.jsonl" 2> "$out/stderr.txt" || {
  echo "stress: entente failed"; tail -5 "$out/stderr.txt"; exit 1; }
stories=$(wc -l < "$out/out.jsonl")
skipped=$(grep "^entente: warning:" "$out/stderr.txt" | grep -c "skipped" || true)
repaired=$(grep -c "decoded lossily" "$out/stderr.txt" || true)
elapsed=$(grep "Elapsed (wall clock)" "$out/stderr.txt" | awk '{print $NF}')
rss=$(grep "Maximum resident set size" "$out/stderr.txt" | awk '{print $NF}')
seconds=$(python3 -c "t='$elapsed'.split(':'); print(sum(float(x)*60**i for i,x in enumerate(reversed(t))))")
mbps=$(python3 -c "print(round($bytes/1e6/$seconds, 1))")

echo "stress: input ${bytes} bytes; expected ${good} stories, ${bad} bad records"
echo "stress: got ${stories} stories, ${skipped} skipped with a warning, ${repaired} lossy-UTF-8 warnings"
echo "stress: ${mbps} MB/s wall, peak RSS ${rss} KB"
status=0
[ "$stories" -eq "$good" ] || { echo "stress: FAIL: $((good - stories)) good stories lost"; status=1; }
[ "$skipped" -eq "$bad" ] || { echo "stress: FAIL: ${bad} bad records but ${skipped} reported"; status=1; }
[ "$lossy" -eq 0 ] || [ "$repaired" -ge 1 ] || { echo "stress: FAIL: invalid UTF-8 not reported"; status=1; }
[ "$status" -eq 0 ] && echo "stress: ok"
exit $status
