#!/bin/sh
# run.sh: `make bench`.  wrk against GET /api/v1/comments for a page of 50
# comments on the real binary, then against tests/bench/ceiling_main.c
# serving the same bytes from memory with the same libmicrohttpd setup, in
# the same run, on the same machine.  Prints both and the ratio.  Then the
# hostile and overload runs, the write path, and what a pull request costs
# GitHub, counted from the stand-in's log (tests/bench/github_calls.py).
# Env: BENCH_SECONDS (10), BENCH_CONNECTIONS (64), BENCH_THREADS (server
# threads, 4 as in config.example.toml), WRK_THREADS (2).
set -eu
secs=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-64}
threads=${BENCH_THREADS:-4}
wrk_threads=${WRK_THREADS:-2}
work=$(mktemp -d)
pids=""
cleanup() { for p in $pids; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT INT TERM

# the port a server printed in its log ("... 127.0.0.1:PORT/" or "port PORT")
port_of() {
	i=0
	while :; do
		p=$(sed -n -e 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' \
			-e 's|.*listening on port \([0-9]*\).*|\1|p' "$1" | head -1)
		[ -n "$p" ] && { echo "$p"; return; }
		i=$((i + 1)); [ $i -gt 100 ] && { echo "bench: $1 shows no port" >&2; exit 1; }
		sleep 0.1
	done
}

cat > "$work/c.toml" <<TOML
[server]
listen = "127.0.0.1:0"
threads = $threads
access_log = false
# the load comes from one address: per-address limits are not measured here
per_ip_connections = 0
[storage]
database = "$work/nd.db"
[github]
api_url = "http://127.0.0.1:1"
refresh_seconds = 0
[comments]
moderation = "none"
rate_limit_per_minute = 0
duplicate_window_hours = 0
trusted_proxies = ["127.0.0.1"]
TOML
./build/newsdesk serve --config "$work/c.toml" 2>"$work/log" &
nd_pid=$!
pids="$pids $nd_pid"
port=$(port_of "$work/log")

page=/this-month/2021-12/
i=1
while [ $i -le 50 ]; do
	parent=""
	[ $((i % 3)) -eq 0 ] && parent=",\"parent\":$((i - 1))"
	curl -sf -o /dev/null -H 'Content-Type: application/json' \
		-d "{\"page\":\"$page\",\"author\":\"Reader $i\",\"email\":\"r$i@example.org\",\"body\":\"Comment number $i: *thanks* for the [update](https://rust-osdev.com/) on \`bootloader\` and the new allocator.\"$parent}" \
		"http://127.0.0.1:$port/api/v1/comments"
	i=$((i + 1))
done
url="http://127.0.0.1:$port/api/v1/comments?page=$page"
curl -sf -o "$work/thread.json" "$url"
count=$(grep -o '"id":' "$work/thread.json" | wc -l)
bytes=$(wc -c < "$work/thread.json")
[ "$count" -eq 50 ] || { echo "bench: expected 50 comments, got $count" >&2; exit 1; }

./build/bench-ceiling 0 "$work/thread.json" "$threads" > "$work/ceiling.log" &
pids="$pids $!"
cport=$(port_of "$work/ceiling.log")

run() {
	wrk -t"$wrk_threads" -c"$conns" -d"${secs}s" --latency "$1" > "$work/$2.txt"
	rps=$(awk '/^Requests\/sec/ {print $2}' "$work/$2.txt")
	p99=$(awk '$1 == "99%" {print $2}' "$work/$2.txt")
	echo "$rps $p99"
}
# warm both up, then measure
wrk -t1 -c8 -d2s "$url" > /dev/null
wrk -t1 -c8 -d2s "http://127.0.0.1:$cport/" > /dev/null
set -- $(run "$url" newsdesk)
nd_rps=$1 nd_p99=$2
set -- $(run "http://127.0.0.1:$cport/" ceiling)
c_rps=$1 c_p99=$2
ratio=$(awk -v a="$nd_rps" -v b="$c_rps" 'BEGIN { printf "%.0f", 100 * a / b }')
echo "GET /api/v1/comments, a page of 50 comments ($bytes bytes), wrk -t$wrk_threads -c$conns -d${secs}s, $threads server threads, $(nproc) cores"
printf '%-34s %12s %10s\n' "server" "requests/s" "p99"
printf '%-34s %12s %10s\n' "newsdesk" "$nd_rps" "$nd_p99"
printf '%-34s %12s %10s\n' "libmicrohttpd ceiling (memory)" "$c_rps" "$c_p99"
echo "newsdesk reaches ${ratio}% of the ceiling"
echo
python3 tests/bench/hostile.py "$port"
sh tests/bench/overload.sh "$port" "$cport" "$nd_pid" "$page" "$work"
sh tests/bench/writes.sh "$work"
echo
python3 tests/bench/github_calls.py 5
