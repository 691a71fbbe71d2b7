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

# /healthz every 50 ms while wrk runs: the worst and the median, in ms
probe() {
	: > "$work/probe.txt"
	end=$(( $(date +%s) + secs ))
	while [ "$(date +%s)" -lt "$end" ]; do
		curl -s -o /dev/null -m 5 -w '%{time_total}\n' "http://127.0.0.1:$port/healthz" \
			>> "$work/probe.txt" 2>/dev/null || echo 5 >> "$work/probe.txt"
		sleep 0.05
	done
}

# while 4x max_pending_requests are offered: the thread asked from the side,
# each answer's status, whether a 503 says Retry-After, and its time (ms)
refused() {
	: > "$work/refused.txt"
	end=$(( $(date +%s) + secs ))
	while [ "$(date +%s)" -lt "$end" ]; do
		out=$(curl -s -o /dev/null -D "$work/refused.h" -m 5 -w '%{http_code} %{time_total}' \
			"http://127.0.0.1:$port/api/v1/comments?page=$page" 2>/dev/null || echo "000 5")
		ra=$(grep -ci '^retry-after:' "$work/refused.h" 2>/dev/null || true)
		echo "$out ${ra:-0}" >> "$work/refused.txt"
		sleep 0.05
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
	refused & rp=$!
	wrk -t2 -c"$c" -d"${secs}s" --latency "http://127.0.0.1:$port/api/v1/comments?page=$page" > "$work/r$c.txt" 2>&1 || true
	wait $pp $rp
	summary "$work/r$c.txt" "GET thread (newsdesk)" "$c"
	ok=$(awk '$1 == 200' "$work/refused.txt" | wc -l)
	n=$(awk '$1 == 503' "$work/refused.txt" | wc -l)
	ra=$(awk '$1 == 503 && $3 > 0' "$work/refused.txt" | wc -l)
	t=$(awk '$1 == 503 { print $2 * 1000 }' "$work/refused.txt" | sort -n |
		awk '{ v[NR] = $1 } END { if (NR) printf "%.1f ms median / %.1f worst", v[int((NR + 1) / 2)], v[NR]; else printf "-" }')
	echo "  asked from the side at $c connections: $ok answered 200, $n refused 503 ($ra with Retry-After), refusals in $t"
	probe & pp=$!
	wrk -t2 -c"$c" -d"${secs}s" --latency "http://127.0.0.1:$cport/" > "$work/c$c.txt" 2>&1 || true
	wait $pp
	summary "$work/c$c.txt" "GET same bytes (ceiling)" "$c"
	probe & pp=$!
	wrk -t2 -c"$c" -d"${secs}s" --latency -s "$work/post.lua" "http://127.0.0.1:$port/" > "$work/w$c.txt" 2>&1 || true
	wait $pp
	summary "$work/w$c.txt" "POST comment (newsdesk)" "$c"
done
echo "goal: past max_pending_requests (256) a 503 with Retry-After at once, /healthz within 10 ms at 1024 connections (4x)"
echo "peak RSS of newsdesk: $(awk '/VmHWM/ {print $2, $3}' /proc/"$pid"/status)"
