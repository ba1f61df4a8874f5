#!/usr/bin/env bash
# Phylo sharded run on AWS Batch: registers deploy/aws-batch.json (with the values below filled in), then submits array
# jobs chained with --depends-on (an array job depending on another array job waits for all of its children). Every
# child gets AWS_BATCH_JOB_ARRAY_INDEX (0..N-1), which phylo reads as its shard index ({shard} in --out becomes it);
# PHYLO_SHARD_COUNT is passed per job. The image's entry point is phylo, so each job's command is phylo's arguments
# (no shell: phylo expands the part-*.phylopart patterns itself). The EFS volume holds /data/eco.phylo and the parts.
#
# Values to fill in (environment variables; the job definition's ${...}s; the script stops, naming the first one unset):
#   PHYLO_IMAGE            the image built from the repository's Dockerfile, pushed to ECR, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/phylo:0.1.0
#   PHYLO_EFS_ID           the EFS file system holding /data, e.g. fs-0123456789abcdef0 (the image runs as uid 1654: give
#                          the access point or the directory that owner)
#   PHYLO_QUEUE            the job queue to submit to
#   PHYLO_TIMEOUT_SECONDS  wall time of one attempt (timeout.attemptDurationSeconds) [7200]: past it Batch stops the job
#                          and it fails instead of hanging
# Failure handling: exit 2 (bad input) fails at once; a lost Spot host or another failure is retried (3 attempts in
# all); a failed job fails every job that depends on it, so the run ends.
#
# usage: deploy/aws-batch.sh N                  (register, then submit an N-shard run)
#        deploy/aws-batch.sh --render           (print the job definition with the values filled in; submit nothing)
set -euo pipefail
render=0
if [[ ${1:-} == --render ]]; then render=1; shift; fi
export PHYLO_TIMEOUT_SECONDS=${PHYLO_TIMEOUT_SECONDS:-7200}
definition=$(<"$(dirname "$0")/aws-batch.json")
required=$(grep -o '\${[A-Z_]*}' <<< "$definition" | sort -u | tr -d '${}')
(( render )) || required+=" PHYLO_QUEUE"
for name in $required; do
  [[ -n ${!name:-} ]] || { echo "aws-batch.sh: set $name (see the top of deploy/aws-batch.sh)" >&2; exit 2; }
  definition=${definition//"\${$name}"/${!name}}
done
if (( render )); then printf '%s\n' "$definition"; exit 0; fi
n=$1 queue=$PHYLO_QUEUE
aws batch register-job-definition --cli-input-json "$definition" --query jobDefinitionArn --output text

submit() { # name, array size (0 = single job), depends-on job id (or ""), phylo arguments as a JSON array
  local args=(--job-name "$1" --job-queue "$queue" --job-definition phylo --query jobId --output text
    --container-overrides "{\"command\":$4,\"environment\":[{\"name\":\"PHYLO_SHARD_COUNT\",\"value\":\"$n\"}]}")
  (( $2 > 0 )) && args+=(--array-properties "size=$2")
  [[ -n $3 ]] && args+=(--depends-on "jobId=$3")
  aws batch submit-job "${args[@]}"
}
counts=$(submit phylo-counts "$n" "" '["prepare","/data/eco.phylo","--out","/data/run/counts-{shard}.phylopart","--quiet"]')
cands=$(submit phylo-candidates 0 "$counts" '["prepare","--merge","/data/run/counts-*.phylopart","--out","/data/run/candidates.phylopart","--quiet"]')
stats=$(submit phylo-stats "$n" "$cands" '["prepare","/data/eco.phylo","--candidates","/data/run/candidates.phylopart","--marks-for","'"$n"'","--out","/data/run/stats-{shard}.phylopart","--quiet"]')
prepared=$(submit phylo-prepared 0 "$stats" '["prepare","--merge","/data/run/stats-*.phylopart","--out","/data/run/prepared.phylopart","--quiet"]')
parts=$(submit phylo-analyze "$n" "$prepared" '["analyze","/data/eco.phylo","--prepared","/data/run/prepared.phylopart","--out","/data/run/part-{shard}.phylopart","--quiet"]')
merge=$(submit phylo-merge 0 "$parts" '["merge","/data/run/part-*.phylopart","--out","/data/report","--quiet"]')
echo "submitted: $counts $cands $stats $prepared $parts $merge (merge writes /data/report)"
