#!/usr/bin/env bash
# Applies deploy/kubernetes.yaml one Job at a time, waiting for each to complete (prepare → shards → merge).
# usage: deploy/kubernetes.sh [SHARDS]   (default 4; rewrites completions/parallelism/PHYLO_SHARD_COUNT)
set -euo pipefail
shards=${1:-4}
manifest=$(sed -E "/# SHARDS/ s/4/$shards/" "$(dirname "$0")/kubernetes.yaml")
kubectl apply -f - <<< "$(awk 'BEGIN{RS="---"} /kind: PersistentVolumeClaim/' <<< "$manifest")"
for job in phylo-prepare-counts phylo-prepare-candidates phylo-prepare-stats phylo-prepare-merge phylo-analyze phylo-merge; do
  awk -v j="name: $job }" 'BEGIN{RS="---"} index($0, j)' <<< "$manifest" | kubectl apply -f -
  kubectl wait --for=condition=complete "job/$job" --timeout=6h
done
echo "report in the volume at /data/report"
