#!/usr/bin/env bash
# Phylo sharded run on Slurm: array jobs chained with --dependency=afterok (prepare → shards → merge). Every array
# task gets SLURM_ARRAY_TASK_ID (0-based here: --array=0-(N-1)) and SLURM_ARRAY_TASK_COUNT, which phylo reads as its
# shard index and count. Paths must be on a file system every node sees.
#
# Values to fill in (environment variables; defaults in brackets):
#   PHYLO            the phylo command on the nodes [phylo]: the single binary from 'dotnet publish ... -p:PublishSingleFile=true'
#                    (README.md), or e.g. "apptainer exec phylo.sif phylo" for the container image built from the Dockerfile
#   PHYLO_PARTITION  the partition to submit to [the cluster's default]
#   PHYLO_ACCOUNT    the account to charge [your default]
#   PHYLO_TIME       wall time of each step (--time) [2:00:00]: a step past it is killed and fails instead of hanging
# A failed step fails the run: --kill-on-invalid-dep=yes cancels the steps that depend on it (instead of leaving them
# pending for ever), and phylo exits 2 on bad input, 1 on any other failure, with one line in the step's log.
#
# usage: deploy/slurm.sh N SNAPSHOT RUN_DIR [ANALYZE_OPTIONS...]      e.g. deploy/slurm.sh 16 /shared/eco.phylo /shared/run --sampled
set -euo pipefail
n=$1 snap=$2 run=$3
shift 3
extra="$*"
# Prepare round 2 also marks what each analyze shard must featurize (--marks-for), given the options the marks depend on.
marks="--marks-for $n"
while (( $# )); do
  case $1 in
    --sampled|--exact-levenshtein|--seed=*|--sample-size=*|--with-inferred=*) marks+=" $1" ;;
    --seed|--sample-size|--with-inferred) marks+=" $1 ${2:-}"; shift ;;
  esac
  shift
done
phylo=${PHYLO:-phylo}
mkdir -p "$run"
opts=(--parsable --cpus-per-task=2 --time="${PHYLO_TIME:-2:00:00}" --kill-on-invalid-dep=yes --output="$run/slurm-%A_%a.log")
[[ -n ${PHYLO_PARTITION:-} ]] && opts+=(--partition="$PHYLO_PARTITION")
[[ -n ${PHYLO_ACCOUNT:-} ]] && opts+=(--account="$PHYLO_ACCOUNT")
array=(--array="0-$((n - 1))" --mem=12G)

counts=$(sbatch "${opts[@]}" "${array[@]}" --job-name=phylo-counts \
  --wrap="$phylo prepare $snap --out '$run/counts-{shard}.phylopart' --quiet")
cands=$(sbatch "${opts[@]}" --mem=4G --dependency=afterok:$counts --job-name=phylo-candidates \
  --wrap="$phylo prepare --merge '$run/counts-*.phylopart' --out $run/candidates.phylopart --quiet")
stats=$(sbatch "${opts[@]}" "${array[@]}" --dependency=afterok:$cands --job-name=phylo-stats \
  --wrap="$phylo prepare $snap --candidates $run/candidates.phylopart $marks --out '$run/stats-{shard}.phylopart' --quiet")
prepared=$(sbatch "${opts[@]}" --mem=4G --dependency=afterok:$stats --job-name=phylo-prepared \
  --wrap="$phylo prepare --merge '$run/stats-*.phylopart' --out $run/prepared.phylopart --quiet")
parts=$(sbatch "${opts[@]}" "${array[@]}" --mem=14G --dependency=afterok:$prepared --job-name=phylo-analyze \
  --wrap="$phylo analyze $snap --prepared $run/prepared.phylopart $extra --out '$run/part-{shard}.phylopart' --quiet")
merge=$(sbatch "${opts[@]}" --mem=8G --dependency=afterok:$parts --job-name=phylo-merge \
  --wrap="$phylo merge '$run/part-*.phylopart' --out $run/report --quiet")
echo "submitted: counts $counts, candidates $cands, stats $stats, prepared $prepared, analyze $parts, merge $merge"
