#!/usr/bin/env bash
# End-to-end benchmark at full scale: synth N models → analyze, printing wall time and peak RSS per stage.
#   bench/e2e.sh [models=1860411] [workdir=/tmp/phylo-e2e] [cards=full|prefix|none]
# Needs ~6 GB of disk for the full CSV with full cards. Figures go to bench/README.md with this command.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1860411}"; WORK="${2:-/tmp/phylo-e2e}"; CARDS="${3:-full}"
mkdir -p "$WORK"
dotnet build -c Release src/Phylo.Cli -v quiet -nologo >/dev/null
PHYLO=src/Phylo.Cli/bin/Release/net10.0/phylo

peak() { awk -F': ' '/Maximum resident set size/ {printf "%.0f MiB", $2/1024}' "$1"; }
wall() { awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$1"; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "models: $N, cards: $CARDS"

/usr/bin/time -v "$PHYLO" synth --models "$N" --cards "$CARDS" --out "$WORK/eco.csv" --quiet 2> "$WORK/synth.time"
bytes=$(stat -c %s "$WORK/eco.csv")
echo "synth:   $(wall "$WORK/synth.time") wall, peak RSS $(peak "$WORK/synth.time"), CSV $(awk -v b="$bytes" 'BEGIN {printf "%.2f GB", b/1e9}')"

rm -rf "$WORK/out"
/usr/bin/time -v "$PHYLO" analyze "$WORK/eco.csv" --out "$WORK/out" --quiet 2> "$WORK/analyze.time"
echo "analyze: $(wall "$WORK/analyze.time") wall, peak RSS $(peak "$WORK/analyze.time")"
python3 - "$WORK/out/run.json" "$bytes" <<'PY'
import json, sys
run = json.load(open(sys.argv[1])); size = int(sys.argv[2])
for s in run["stages"]:
    extra = f", {size / s['seconds'] / 1e6:.0f} MB/s" if s["stage"] == "ingest" and s["seconds"] > 0 else ""
    print(f"  {s['stage']:<12} {s['seconds']:8.2f} s   peak RSS so far {s['peakRssBytes'] / 2**20:8.0f} MiB{extra}")
print(f"  total        {run['totalSeconds']:8.2f} s")
PY
