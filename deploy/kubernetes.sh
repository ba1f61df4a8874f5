#!/usr/bin/env bash
# Runs deploy/kubernetes.yaml one Job at a time (prepare → shards → merge): each Job is applied, then waited for until
# it completes or fails; a failed Job stops the run with its last log lines and exit 1 (a hung one fails at its
# activeDeadlineSeconds), so nothing waits for hours.
#
# Values to fill in (environment variables for the manifest's ${...}s; the script stops, naming the first one unset):
#   PHYLO_IMAGE             the image built from the repository's Dockerfile, e.g. registry.example.org/phylo:0.1.0
#   PHYLO_STORAGE_CLASS     a StorageClass with ReadWriteMany access
#   PHYLO_STORAGE           volume size (default 50Gi)
#   PHYLO_DEADLINE_SECONDS  wall time one Job may take (default 7200)
#
# usage: deploy/kubernetes.sh [SHARDS]            (default 4)
#        deploy/kubernetes.sh --render [SHARDS]   (print the manifest with the values filled in; apply nothing)
set -euo pipefail
render=0
if [[ ${1:-} == --render ]]; then render=1; shift; fi
export PHYLO_SHARDS=${1:-4} PHYLO_STORAGE=${PHYLO_STORAGE:-50Gi} PHYLO_DEADLINE_SECONDS=${PHYLO_DEADLINE_SECONDS:-7200}
manifest=$(<"$(dirname "$0")/kubernetes.yaml")
for name in $(grep -o '\${[A-Z_]*}' <<< "$manifest" | sort -u | tr -d '${}'); do
  if [[ -z ${!name:-} ]]; then echo "kubernetes.sh: set $name (see the top of deploy/kubernetes.yaml)" >&2; exit 2; fi
  manifest=${manifest//"\${$name}"/${!name}}
done
if (( render )); then printf '%s\n' "$manifest"; exit 0; fi

doc() { awk -v want="$1" 'BEGIN { RS = "\n---\n" } index($0, want) { print; exit }' <<< "$manifest"; }

# Waits until job/$1 is Complete (0) or Failed (1, with its pods' last log lines).
wait_job() {
  local job=$1 conditions
  while :; do
    conditions=$(kubectl get "job/$job" -o jsonpath='{range .status.conditions[?(@.status=="True")]}{.type} {end}')
    case " $conditions" in
      *" Complete "*) return 0 ;;
      *" Failed "*)
        echo "kubernetes.sh: job/$job failed: $(kubectl get "job/$job" -o jsonpath='{.status.conditions[?(@.type=="Failed")].message}')" >&2
        kubectl logs "job/$job" --all-containers --tail=20 >&2 || true
        return 1 ;;
    esac
    sleep 10
  done
}

doc "kind: PersistentVolumeClaim" | kubectl apply -f -
for job in phylo-prepare-counts phylo-prepare-candidates phylo-prepare-stats phylo-prepare-merge phylo-analyze phylo-merge; do
  kubectl delete "job/$job" --ignore-not-found --wait=true >/dev/null   # a Job's spec cannot change: start each afresh
  doc "name: $job }" | kubectl apply -f -
  wait_job "$job"
done
echo "report in the volume at /data/report"
