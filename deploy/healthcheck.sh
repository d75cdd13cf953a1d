#!/bin/sh
# The image's health check: is the stage this container runs alive (GET /healthz on its ops port)?
# The port is CREDENCE_HTTP_PORT when set, else the stage's default, found from the executable that
# runs as process 1. A container running the CLI (`credence topics create`, `credence ingest`) has no
# ops listener, so there is nothing to check and it counts as healthy.
set -eu
port="${CREDENCE_HTTP_PORT:-}"
if [ -z "$port" ]; then
  executable="$(tr '\0' '\n' < /proc/1/cmdline | head -n 1)"
  case "${executable##*/}" in
    credence-scoring) port=9101 ;;
    credence-monitoring) port=9102 ;;
    credence-dunning) port=9103 ;;
    credence-claims) port=9104 ;;
    *) exit 0 ;;
  esac
fi
# Port 0 means "any free port": the chosen one is only in the stage's start line, so it cannot be probed here.
[ "$port" = "0" ] && exit 0
exec curl --fail --silent --show-error --max-time 2 --output /dev/null "http://127.0.0.1:${port}/healthz"
