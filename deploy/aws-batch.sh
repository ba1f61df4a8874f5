#!/usr/bin/env bash
# Phylo sharded run on AWS Batch: register deploy/aws-batch.json once, then submit array jobs chained with --depends-on
# (an array job depending on another array job's id waits for all of its children). Every child gets
# AWS_BATCH_JOB_ARRAY_INDEX (0..N-1), which phylo reads as its shard index; PHYLO_SHARD_COUNT is passed per job.
# The EFS volume in the job definition holds /data/eco.phylo and the parts.
# usage: deploy/aws-batch.sh N QUEUE        (after: aws batch register-job-definition --cli-input-json file://deploy/aws-batch.json)
set -euo pipefail
n=$1 queue=$2
submit() { # name, array size (0 = single job), depends-on job id (or ""), shell command
  local args=(--job-name "$1" --job-queue "$queue" --job-definition phylo --query jobId --output text
    --container-overrides "{\"command\":[\"/bin/sh\",\"-c\",\"$4\"],\"environment\":[{\"name\":\"PHYLO_SHARD_COUNT\",\"value\":\"$n\"}]}")
  (( $2 > 0 )) && args+=(--array-properties "size=$2")
  [[ -n $3 ]] && args+=(--depends-on "jobId=$3")
  aws batch submit-job "${args[@]}"
}
i='$AWS_BATCH_JOB_ARRAY_INDEX'
counts=$(submit phylo-counts "$n" "" "phylo prepare /data/eco.phylo --out /data/run/counts-$i.phylopart --quiet")
cands=$(submit phylo-candidates 0 "$counts" "phylo prepare --merge /data/run/counts-*.phylopart --out /data/run/candidates.phylopart --quiet")
stats=$(submit phylo-stats "$n" "$cands" "phylo prepare /data/eco.phylo --candidates /data/run/candidates.phylopart --out /data/run/stats-$i.phylopart --quiet")
prepared=$(submit phylo-prepared 0 "$stats" "phylo prepare --merge /data/run/stats-*.phylopart --out /data/run/prepared.phylopart --quiet")
parts=$(submit phylo-analyze "$n" "$prepared" "phylo analyze /data/eco.phylo --prepared /data/run/prepared.phylopart --out /data/run/part-$i.phylopart --quiet")
merge=$(submit phylo-merge 0 "$parts" "phylo merge /data/run/part-*.phylopart --out /data/report --quiet")
echo "submitted: $counts $cands $stats $prepared $parts $merge (merge writes /data/report)"
