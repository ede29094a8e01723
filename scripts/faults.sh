#!/usr/bin/env bash
# make faults: every fault script in turn; stops at the first that fails.
set -euo pipefail
cd "$(dirname "$0")"
for script in fault_load.sh fault_db_restart.sh fault_worker_crash.sh fault_redis_restart.sh; do
  echo "== $script"
  ./"$script"
done
