#!/bin/bash
# The full-scale figures of bench/README.md ("Latest"): ingest, analyze (CSV, --sampled, snapshot), lineage infer and
# the ingest peaks of the CSV and Parquet forms, one process at a time.
# usage: flock /tmp/fullscale.lock bench/full-scale.sh BIN DIR MODEL
#   BIN    a folder with the built CLI (a copy of src/Phylo.Cli/bin/Release/net10.0, so a rebuild cannot change it mid-run)
#   DIR    holds eco.csv and eco.parquet ('phylo synth --models 1860411 --cards full --out eco.csv', and --format parquet)
#   MODEL  a lineage model ('phylo lineage train', native-notes/lineage.md)
# Writes DIR/final.log: wall, CPU and peak of each run (time -v; its maximum RSS is only since the last stage, see
# bench/peak-rss.sh), run.json's stage table, and bench/peak-rss.sh's sampled peaks for lineage and the two ingests.
set -u
BIN=$(realpath "$1"); W=$(realpath "$2"); MODEL=$(realpath "$3"); P="$BIN/phylo"; PEAK="$(realpath "$(dirname "$0")")/peak-rss.sh"
cd "$W"; log=$W/final.log; : > "$log"
load() { cut -d' ' -f1-3 /proc/loadavg; }
t() { # name, command...
  local n=$1; shift
  echo "== $n: $* (load $(load))" >> "$log"
  /usr/bin/time -v -o "$W/$n.time" "$@" >> "$W/$n.out" 2>&1; echo "exit $?" >> "$log"
  awk -F': ' '/Elapsed \(wall clock\)/ {w=$2} /User time/ {u=$2} /System time/ {s=$2} /Maximum resident set size/ {m=$2} END {printf "   wall %s  user %s  sys %s  peak %.0f MiB\n", w, u, s, m/1024}' "$W/$n.time" >> "$log"
}
stages() { python3 -c "
import json
r=json.load(open('$1/run.json'))
print('   stages: '+', '.join(f\"{s['stage']} {s['seconds']:.1f}s/{s['peakRssBytes']/2**30:.2f}G\" for s in r['stages']))" >> "$log"; }
rm -rf a1 a2 a3 x.phylo
# Same memory state for every call: drop the page cache and compact free memory (root only; ignored otherwise), so
# huge pages are as available as on a fresh machine, then read eco.csv once.
{ sync; echo 3 > /proc/sys/vm/drop_caches; echo 1 > /proc/sys/vm/compact_memory; } 2>/dev/null
echo "== warm-up: read eco.csv once (load $(load), $(awk '/MemFree/ {printf "%.1f GiB free", $2/2^20}' /proc/meminfo))" >> "$log"; cat eco.csv > /dev/null
t ingest "$P" ingest eco.csv --out x.phylo --quiet
t analyze_csv "$P" analyze eco.csv --out a1 --quiet; stages a1
t analyze_sampled "$P" analyze eco.csv --sampled --out a2 --quiet; stages a2
t analyze_snapshot "$P" analyze x.phylo --out a3 --quiet; stages a3
cmp a1/report.json a3/report.json >> "$log" 2>&1 && echo "   csv and snapshot report.json identical" >> "$log"
t lineage "$P" lineage infer x.phylo --model "$MODEL" --out inferred.csv --quiet
echo "== peak-rss lineage (load $(load))" >> "$log"
"$PEAK" "$P" lineage infer x.phylo --model "$MODEL" --out inferred2.csv --quiet >> "$log" 2>&1
for f in csv parquet; do echo "== peak-rss ingest $f (load $(load))" >> "$log"
  "$PEAK" "$P" ingest "eco.$f" --out y.phylo --quiet >> "$log" 2>&1; rm -f y.phylo; done
