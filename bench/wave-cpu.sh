#!/usr/bin/env bash
# CPU-seconds per thread inside the output wave of a perf-recorded `phylo analyze` (native-notes/report-output.md,
# "Output wave, session 30"). The wave is taken as from the figures thread's first sample to the last sample of the
# figures or any Parquet thread; every sample in that window counts for its thread's name.
#   DOTNET_PerfMapEnabled=1 perf record -F 99 -g -o p.data phylo analyze x.phylo --out o --quiet
#   bench/wave-cpu.sh p.data 99
set -euo pipefail
data=${1:?perf data file}; hz=${2:?sampling frequency of the recording}
perf script -i "$data" -F comm,tid,time 2>/dev/null | awk -v hz="$hz" '
{
  t = $NF; sub(/:$/, "", t); t += 0
  comm = $0; sub(/^[ \t]+/, "", comm); sub(/[ \t]+[0-9]+[ \t]+[0-9.]+:[ \t]*$/, "", comm)
  n++; T[n] = t; C[n] = comm
  if (comm == "phylo figures") { if (!a || t < a) a = t; if (t > b) b = t }
  if (comm ~ /^phylo parquet/ && t > b) b = t
}
END {
  if (!a) { print "no figures thread in " ARGV[1] > "/dev/stderr"; exit 1 }
  for (i = 1; i <= n; i++) if (T[i] >= a && T[i] <= b) { s[C[i]]++; all++ }
  printf "wave %.2f s, %.2f CPU-s, %.2f cores\n", b - a, all / hz, all / hz / (b - a)
  for (k in s) printf "  %6.2f CPU-s  %s\n", s[k] / hz, k | "sort -rn"
}'
