#!/bin/sh
# overload.sh: part of `make bench`.  wrk with 256 and 1024 connections at
# the comment thread (read) and at comment posts (write) of the running
# newsdesk, next to the libmicrohttpd ceiling for the reads; during each
# run /healthz is timed from the side, and the server's peak RSS is read
# at the end.  Usage: overload.sh PORT CEILING_PORT PID PAGE WORKDIR
set -eu
port=$1 cport=$2 pid=$3 page=$4 work=$5
secs=${BENCH_SECONDS:-10}

cat > "$work/post.lua" <<'LUA'
local n = 0
request = function()
	n = n + 1
	local body = string.format('{"page":"/bench/","author":"Load %d","body":"Comment %d under load."}', n, n)
	return wrk.format("POST", "/api/v1/comments", { ["Content-Type"] = "application/json" }, body)
end
LUA

# /healthz every 200 ms while wrk runs: the worst and the median, in ms
probe() {
	: > "$work/probe.txt"
	end=$(( $(date +%s) + secs ))
	while [ "$(date +%s)" -lt "$end" ]; do
		curl -s -o /dev/null -m 5 -w '%{time_total}\n' "http://127.0.0.1:$port/healthz" \
			>> "$work/probe.txt" 2>/dev/null || echo 5 >> "$work/probe.txt"
		sleep 0.2
	done
}

summary() {
	f=$1
	rps=$(awk '/^Requests\/sec/ {print $2}' "$f")
	p50=$(awk '$1 == "50%" {print $2}' "$f")
	p99=$(awk '$1 == "99%" {print $2}' "$f")
	total=$(awk '/requests in/ {print $1}' "$f")
	non2xx=$(awk '/Non-2xx or 3xx responses/ {print $5}' "$f")
	errs=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$f")
	share=$(awk -v n="${non2xx:-0}" -v t="${total:-1}" 'BEGIN { printf "%.1f%%", 100 * n / t }')
	hz=$(sort -n "$work/probe.txt" | awk '{ v[NR] = $1 * 1000 } END { printf "%.1f/%.1f", v[int((NR + 1) / 2)], v[NR] }')
	printf '%-30s %6s %10s %9s %9s %8s %7s %12s\n' "$2" "$3" "$rps" "$p50" "$p99" "$share" "${errs:-0}" "$hz"
}

echo
echo "overload: wrk -t2 -d${secs}s --latency; non-2xx share (503 overloaded, 429 limits), socket errors, /healthz median/worst (ms) during the run"
printf '%-30s %6s %10s %9s %9s %8s %7s %12s\n' "endpoint" "conns" "req/s" "p50" "p99" "non-2xx" "errors" "/healthz"
for c in 256 1024; do
	probe & pp=$!
	wrk -t2 -c"$c" -d"${secs}s" --latency "http://127.0.0.1:$port/api/v1/comments?page=$page" > "$work/r$c.txt" 2>&1 || true
	wait $pp
	summary "$work/r$c.txt" "GET thread (newsdesk)" "$c"
	probe & pp=$!
	wrk -t2 -c"$c" -d"${secs}s" --latency "http://127.0.0.1:$cport/" > "$work/c$c.txt" 2>&1 || true
	wait $pp
	summary "$work/c$c.txt" "GET same bytes (ceiling)" "$c"
	probe & pp=$!
	wrk -t2 -c"$c" -d"${secs}s" --latency -s "$work/post.lua" "http://127.0.0.1:$port/" > "$work/w$c.txt" 2>&1 || true
	wait $pp
	summary "$work/w$c.txt" "POST comment (newsdesk)" "$c"
done
echo "peak RSS of newsdesk: $(awk '/VmHWM/ {print $2, $3}' /proc/"$pid"/status)"
