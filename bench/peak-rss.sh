#!/bin/bash
# Usage: bench/peak-rss.sh cmd... — runs cmd, samples its VmRSS every 50 ms, prints "wall S peak_rss MiB" to stderr at the end.
# (/usr/bin/time's max RSS is the kernel's high-water mark, which phylo's per-stage clock resets at each stage start.)
start=$(date +%s.%N)
"$@" &
pid=$!
peak=0
while kill -0 $pid 2>/dev/null; do
  r=$(awk '/^VmRSS/ {print $2}' /proc/$pid/status 2>/dev/null)
  [ -n "$r" ] && [ "$r" -gt "$peak" ] && peak=$r
  sleep 0.05
done
wait $pid; rc=$?
end=$(date +%s.%N)
echo "exit $rc wall $(echo "$end - $start" | bc) s sampled-peak-rss $((peak / 1024)) MiB" >&2
exit $rc
