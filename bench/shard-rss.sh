#!/usr/bin/env bash
# Peak RSS and wall time of every step of a sharded run at full scale (figures in bench/README.md).
# usage: [PHYLO_DLL=copy/phylo.dll] flock /tmp/fullscale.lock bench/shard-rss.sh SNAPSHOT OUT_DIR [SHARDS_OF_16]
#   SNAPSHOT  e.g. /tmp/phylo-e2e/eco.phylo (from 'phylo ingest')
#   SHARDS_OF_16  how many of the 16 shards to run for n = 16 (default 3: a subset, to bound the time; 16 also merges them)
# Runs every process one at a time (so each peak RSS is that process alone), prepares once with n = 4 (the prepared
# vocabulary does not depend on n), then part of n = 16, n = 4 + merge, n = 1 + merge (merges compared byte for byte).
# PREPARED=prepared.phylopart reuses an earlier prepare (skips both rounds); SKIP_N1=1 skips n = 1;
# round 2 ships the marks of every analyze shard of n = 16, 4 (--marks-for); MARKS= (empty) leaves each shard to mark itself;
# N4="0 1 3 2" runs the n = 4 shards in that order (the giant family's shard last); SKIP_N4=1 stops after n = 16;
# REFERENCE=dir also compares the n = 4 merge with an earlier report (e.g. one made by another build).
set -euo pipefail
snap=$1 out=$2 sub=${3:-3}
P=(dotnet "${PHYLO_DLL:-$(dirname "$0")/../src/Phylo.Cli/bin/Release/net10.0/phylo.dll}")
mkdir -p "$out"
export CI=1
# Peak RSS sampled (bench/peak-rss.sh): /usr/bin/time's maximum is the VmHWM that phylo's stage clock resets per stage.
t() { local name=$1; shift; "$(dirname "$0")/peak-rss.sh" "${P[@]}" "$@" --quiet 2> "$out/$name.rss"
      printf '%-22s wall %8s s  peak RSS %6s MiB   (load %s)\n' "$name" "$(tail -1 "$out/$name.rss" | grep -oP 'wall \K[0-9.]+')" \
        "$(tail -1 "$out/$name.rss" | grep -oP 'peak-rss \K\d+')" "$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/summary.txt"; }
prep=${PREPARED:-$out/prepared.phylopart}
if [[ -z ${PREPARED:-} ]]; then
for i in 0 1 2 3; do t prep1-$i-of-4 prepare "$snap" --shard $i --shard-count 4 --out "$out/counts-$i.phylopart"; done
t prep1-merge prepare --merge "$out"/counts-*.phylopart --out "$out/candidates.phylopart"
for i in 0 1 2 3; do t prep2-$i-of-4 prepare "$snap" --shard $i --shard-count 4 --candidates "$out/candidates.phylopart" ${MARKS---marks-for 16 --marks-for 4} --out "$out/stats-$i.phylopart"; done
t prep2-merge prepare --merge "$out"/stats-*.phylopart --out "$out/prepared.phylopart"
fi
for (( i = 0; i < sub; i++ )); do t shard-$i-of-16 analyze "$snap" --shard $i --shard-count 16 --prepared "$prep" --out "$out/n16-part-$i.phylopart"; done
cmp_dirs() { cmp "$1/report.json" "$2/report.json" && for f in "$1"/tables/*.csv; do cmp "$f" "$2/tables/$(basename "$f")"; done \
  && echo "$1 and $2: report.json and tables identical" | tee -a "$out/summary.txt"; }
if (( sub == 16 )); then
  t merge-n16 merge "$out"/n16-part-*.phylopart --out "$out/n16"
  ls -l "$out"/n16-part-*.phylopart | tee -a "$out/summary.txt"
  if [[ -n ${REFERENCE:-} ]]; then cmp_dirs "$REFERENCE" "$out/n16"; fi
fi
[[ -n ${SKIP_N4:-} ]] && exit 0
for i in ${N4:-0 1 2 3}; do t shard-$i-of-4 analyze "$snap" --shard $i --shard-count 4 --prepared "$prep" --out "$out/n4-part-$i.phylopart"; done
t merge-n4 merge "$out"/n4-part-*.phylopart --out "$out/n4"
if [[ -n ${REFERENCE:-} ]]; then cmp_dirs "$REFERENCE" "$out/n4"; fi
if [[ -z ${SKIP_N1:-} ]]; then
t shard-0-of-1 analyze "$snap" --shard 0 --shard-count 1 --prepared "$prep" --out "$out/n1-part-0.phylopart"
t merge-n1 merge "$out"/n1-part-*.phylopart --out "$out/n1"
cmp_dirs "$out/n1" "$out/n4"
fi
ls -l "$out"/*.phylopart | tee -a "$out/summary.txt"
