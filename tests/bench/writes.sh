#!/bin/sh
# writes.sh: part of `make bench`.  Durable comment posts per second: wrk
# at 8 and 64 connections against two fresh newsdesk instances, one with
# storage.durability = "full" (an answer waits for its fsync) and one with
# "process", in the same run.  Every post comes from its own client
# address (X-Forwarded-For through a trusted loopback proxy), so the
# per-address limits and moderation work as for real readers.
# Usage: writes.sh WORKDIR
set -eu
work=$1
secs=${BENCH_SECONDS:-10}

cat > "$work/post-xff.lua" <<'LUA'
-- each wrk thread numbers its own posts: the thread id keeps texts and
-- addresses apart (the same text twice on a page is a 409 duplicate)
local threads = 0
function setup(thread)
	threads = threads + 1
	thread:set("tid", threads)
end
local n = 0
local run = "run"
function init(args)
	run = args[1] or run
end
request = function()
	n = n + 1
	-- 10.R.T.x: a new address block per run, thread and 256 posts
	local ip = string.format("10.%d.%d.%d", (#run * 16 + tid) % 256, math.floor(n / 256) % 256, n % 256)
	local body = string.format('{"page":"/bench/w/","author":"Writer %d","body":"Durable comment %d of writer %d in %s."}', n, n, tid, run)
	return wrk.format("POST", "/api/v1/comments",
		{ ["Content-Type"] = "application/json", ["X-Forwarded-For"] = ip }, body)
end
LUA

start() {
	mkdir -p "$work/$1"
	cat > "$work/$1/c.toml" <<TOML
[server]
listen = "127.0.0.1:0"
threads = ${BENCH_THREADS:-4}
access_log = false
per_ip_connections = 0
[storage]
database = "$work/$1/nd.db"
durability = "$1"
[github]
api_url = "http://127.0.0.1:1"
refresh_seconds = 0
[comments]
moderation = "first-time"
trusted_proxies = ["127.0.0.1"]
TOML
	./build/newsdesk serve --config "$work/$1/c.toml" >/dev/null 2>"$work/$1/log" &
	echo $! > "$work/$1/pid"
	i=0
	while ! grep -q "listening on" "$work/$1/log"; do
		i=$((i + 1)); [ $i -gt 100 ] && { echo "writes: $1 did not start" >&2; exit 1; }
		sleep 0.1
	done
	sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$work/$1/log" | head -1
}

echo
echo "durable writes: POST /api/v1/comments, wrk -t2 -d${secs}s, every post from its own address"
printf '%-10s %6s %10s %9s %9s %8s\n' "durability" "conns" "req/s" "p50" "p99" "non-2xx"
for mode in full process; do
	port=$(start "$mode")
	for c in 8 64; do
		wrk -t2 -c"$c" -d"${secs}s" --latency -s "$work/post-xff.lua" "http://127.0.0.1:$port/" "c$c" \
			> "$work/$mode-$c.txt" 2>&1 || true
		f="$work/$mode-$c.txt"
		printf '%-10s %6s %10s %9s %9s %8s\n' "$mode" "$c" \
			"$(awk '/^Requests\/sec/ {print $2}' "$f")" "$(awk '$1 == "50%" {print $2}' "$f")" \
			"$(awk '$1 == "99%" {print $2}' "$f")" \
			"$(awk '/Non-2xx/ {print $5}' "$f")"
	done
	kill "$(cat "$work/$mode/pid")"
	wait "$(cat "$work/$mode/pid")" 2>/dev/null || true
done
