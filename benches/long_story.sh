#!/usr/bin/env bash
# One very long story (not a timed test): a single JSON Lines record whose
# text is SIZE_MB megabytes on one line, made of the regression stories'
# sentences in turn. Checks that `extract` and `graph` read it as exactly one
# story without running out of memory, and prints CPU time and peak RSS.
#
#   benches/long_story.sh [SIZE_MB] [OUT_DIR]
set -euo pipefail
size=${1:-200}
out=${2:-/tmp/entente-long}
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
cd "$here"
cargo build --release --quiet
bin=$here/target/release/entente

python3 - "$size" "$out/long.jsonl" <<'PY'
import json, sys
size, dst = int(sys.argv[1]) * 1_000_000, sys.argv[2]
texts = [json.loads(l)["text"] for l in open("tests/fixtures/regression/stories.jsonl")]
with open(dst, "w") as f:
    f.write('{"id": "long", "date": "2024-05-01", "text": "')
    written = 0
    while written < size:
        for t in texts:
            chunk = json.dumps(t.replace("\n", " ") + " ")[1:-1]
            f.write(chunk)
            written += len(chunk)
            if written >= size:
                break
    f.write('"}\n')
PY
bytes=$(stat -c %s "$out/long.jsonl")
status=0
for cmd in extract graph; do
  args=("$cmd" --quiet "$out/long.jsonl")
  [ "$cmd" = graph ] && args+=(--format json)
  /usr/bin/time -f '%e %U %S %M' -o "$out/time.txt" "$bin" "${args[@]}" > "$out/$cmd.out" 2> "$out/$cmd.err" || {
    echo "long story: $cmd failed"; tail -3 "$out/$cmd.err"; status=1; continue; }
  read -r wall user sys rss < "$out/time.txt"
  if [ "$cmd" = extract ]; then
    n=$(wc -l < "$out/extract.out")
    [ "$n" -eq 1 ] || { echo "long story: extract wrote $n results, expected 1"; status=1; }
  else
    python3 -c "import json,sys; g=json.load(open(sys.argv[1])); assert g['graph']['stories']==1, g['graph']" "$out/graph.out" \
      || { echo "long story: graph did not count one story"; status=1; }
  fi
  echo "long story: $cmd of $((bytes / 1000000)) MB on one line: ${wall} s wall, $(python3 -c "print(round($user+$sys,1))") s CPU, peak RSS $((rss / 1024)) MB"
done
[ "$status" -eq 0 ] && echo "long story: ok"
exit $status
