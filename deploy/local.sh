#!/usr/bin/env bash
# The sharded run as n local processes: prepare (2 rounds) -> n analyze shards -> merge.
# The same steps as deploy/kubernetes.yaml, deploy/slurm.sh and deploy/aws-batch.json, with the shard index
# passed the way an array job passes it (JOB_COMPLETION_INDEX), so the environment path is exercised too.
#
# usage: deploy/local.sh N OUT_DIR INPUT... [-- ANALYZE_OPTIONS...]
#   e.g. deploy/local.sh 4 out eco.phylo -- --sampled
# env:   PHYLO   the command (default: phylo; e.g. "dotnet src/Phylo.Cli/bin/Release/net10.0/phylo.dll")
#        JOBS    shards run at once (default: N)
# Writes OUT_DIR/report.json, report.md, tables/, ... and keeps the parts in OUT_DIR.parts/ (beside it, not inside:
# merge replaces OUT_DIR as a whole and refuses inputs that lie inside it).
set -euo pipefail
if (( $# < 3 )); then sed -n '5,9p' "$0" >&2; exit 2; fi
n=$1 out=$2
shift 2
inputs=() extra=()
while (( $# )); do
  if [[ $1 == -- ]]; then shift; extra=("$@"); break; fi
  inputs+=("$1"); shift
done
read -r -a phylo <<< "${PHYLO:-phylo}"
jobs=${JOBS:-$n}
parts=$out.parts
mkdir -p "$parts"
export PHYLO_SHARD_COUNT=$n

# Runs "$@" once per shard index with JOB_COMPLETION_INDEX set, at most $jobs at a time; fails if any shard fails.
shards() {
  local pids=() i status=0
  for (( i = 0; i < n; i++ )); do
    JOB_COMPLETION_INDEX=$i "${phylo[@]}" "$@" --quiet --out "$parts/$(printf "$step" "$i")" &
    pids+=($!)
    if (( ${#pids[@]} >= jobs )); then wait "${pids[0]}" || status=1; pids=("${pids[@]:1}"); fi
  done
  for p in "${pids[@]}"; do wait "$p" || status=1; done
  return $status
}

# Round 2 also marks what each analyze shard must featurize (--marks-for), given the analyze options the marks depend on.
marks=(--marks-for "$n")
for (( k = 0; k < ${#extra[@]}; k++ )); do
  case ${extra[k]} in
    --sampled|--exact-levenshtein|--seed=*|--sample-size=*|--with-inferred=*) marks+=("${extra[k]}") ;;
    --seed|--sample-size|--with-inferred) marks+=("${extra[k]}" "${extra[k + 1]:-}"); k=$((k + 1)) ;;
  esac
done

step=counts-%d.phylopart  shards prepare "${inputs[@]}"
"${phylo[@]}" prepare --merge "$parts"/counts-*.phylopart --out "$parts/candidates.phylopart" --quiet
step=stats-%d.phylopart   shards prepare "${inputs[@]}" --candidates "$parts/candidates.phylopart" "${marks[@]}"
"${phylo[@]}" prepare --merge "$parts"/stats-*.phylopart --out "$parts/prepared.phylopart" --quiet
step=part-%d.phylopart    shards analyze "${inputs[@]}" --prepared "$parts/prepared.phylopart" "${extra[@]}"
"${phylo[@]}" merge "$parts"/part-*.phylopart --out "$out" --quiet
echo "merged $n shards -> $out/report.json"
