#!/usr/bin/env bash
# CPU (user+sys), wall and peak RSS of every shard of a sharded run, for one or two builds (figures in bench/README.md,
# "Balanced shards"). Above ~200k models wrap it in flock /tmp/fullscale.lock.
# usage: NEW=new/phylo.dll [BASE=base/phylo.dll] [NS="4 16"] bench/shard-balance.sh MODELS DIR
# Makes DIR/eco.phylo (synth --cards full, ingest) and the prepared vocabularies (n = 4) once, then per build and n:
# analyze --shard i for every i, merge; the n = 4 and n = 16 merges of one build are compared byte for byte.
set -euo pipefail
M=$1 d=$2; mkdir -p "$d"; cd "$d"; export CI=1
[[ -f eco.phylo ]] || { dotnet "$NEW" synth --models "$M" --cards full --out eco.csv --quiet; dotnet "$NEW" ingest eco.csv --out eco.phylo --quiet; rm eco.csv; }
if [[ ! -f prepared.phylopart ]]; then
  for i in 0 1 2 3; do dotnet "$NEW" prepare eco.phylo --shard $i --shard-count 4 --out counts-$i.phylopart --quiet; done
  dotnet "$NEW" prepare --merge counts-*.phylopart --out candidates.phylopart --quiet
  for i in 0 1 2 3; do dotnet "$NEW" prepare eco.phylo --shard $i --shard-count 4 --candidates candidates.phylopart --out stats-$i.phylopart --quiet; done
  dotnet "$NEW" prepare --merge stats-*.phylopart --out prepared.phylopart --quiet
fi
t() { local name=$1 dll=$2; shift 2; /usr/bin/time -v -o $name.time dotnet "$dll" "$@" --quiet
  printf '%-20s wall %-8s cpu %6.1f s  peak RSS %5d MiB  (load %s)\n' $name "$(grep -oP 'Elapsed.*: \K.*' $name.time)" \
    "$(awk -F': ' '/User time/{u=$2} /System time/{s=$2} END{print u+s}' $name.time)" \
    $(( $(grep -oP 'Maximum resident set size \(kbytes\): \K\d+' $name.time) / 1024 )) "$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a summary.txt; }
for b in new ${BASE:+base}; do dll=$NEW; [[ $b == base ]] && dll=$BASE
  for n in ${NS:-4 16}; do
    for (( i = 0; i < n; i++ )); do t $b-s$i-of-$n "$dll" analyze eco.phylo --shard $i --shard-count $n --prepared prepared.phylopart --out $b-n$n-part-$i.phylopart; done
    t $b-merge-n$n "$dll" merge $b-n$n-part-*.phylopart --out $b-n$n
  done
  if [[ -d $b-n4 && -d $b-n16 ]]; then cmp $b-n4/report.json $b-n16/report.json && echo "$b: n = 4 and n = 16 report.json identical" | tee -a summary.txt; fi
done
