#!/bin/sh
# run.sh: `make bench` (issue 29).  Every figure is printed next to its
# reference and its goal, each reference measured in the same run:
#  1. the cached thread GET (a page of 50 comments) against
#     tests/bench/ceiling_main.c, bare libmicrohttpd with newsdesk's daemon
#     flags, threads and connection memory serving the same bytes from
#     memory: wall clock in interleaved rounds at 32 connections (median
#     ratio and p99), then instructions counted by callgrind
#     (instructions.sh), both on config.example.toml as shipped;
#  2. peak RSS of fresh servers after 256 and 1,024 connections;
#  3. overload (overload.sh) and hostile texts (hostile.py);
#  5. durable writes (writes.sh);
#  6. scale: 1,000 vs 1,000,000 comments, 100 vs 10,000 submissions (scale.py);
# and what a pull request costs GitHub (github_calls.py).
# Env: BENCH_SECONDS (10, per overload and write row), BENCH_ROUNDS (5),
# BENCH_ROUND_SECONDS (4), BENCH_CONNECTIONS (32), BENCH_THREADS (4, as in
# config.example.toml), WRK_THREADS (2), CG_REQUESTS (4000).
set -eu
secs=${BENCH_SECONDS:-10}
rounds=${BENCH_ROUNDS:-5}
round_secs=${BENCH_ROUND_SECONDS:-4}
conns=${BENCH_CONNECTIONS:-32}
threads=${BENCH_THREADS:-4}
wrk_threads=${WRK_THREADS:-2}
work=$(mktemp -d)
pids=""
cleanup() { for p in $pids; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT INT TERM
echo "make bench, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(uname -m), load $(cut -d' ' -f1-3 /proc/loadavg)"

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

# config.example.toml as shipped (access log and metrics on) on the same
# database; only the address, the GitHub URL and the per-address
# connection cap change (the load comes from one address)
sed -e 's|^listen = .*|listen = "127.0.0.1:0"|' \
    -e "s|^database = .*|database = \"$work/nd.db\"|" \
    -e 's|^api_url = .*|api_url = "http://127.0.0.1:1"|' \
    -e 's|^per_ip_connections = .*|per_ip_connections = 0|' \
    config.example.toml > "$work/shipped.toml"
./build/newsdesk serve --config "$work/shipped.toml" 2>"$work/shipped.log" &
sp_pid=$!
pids="$pids $sp_pid"
sport=$(port_of "$work/shipped.log")
surl="http://127.0.0.1:$sport/api/v1/comments?page=$page"

run() {
	wrk -t"$wrk_threads" -c"$conns" -d"${round_secs}s" --latency "$1" > "$work/$2.txt"
	rps=$(awk '/^Requests\/sec/ {print $2}' "$work/$2.txt")
	p99=$(awk '$1 == "99%" {v = $2; if (v ~ /us$/) v = v / 1000; else if (v ~ /ms$/) v = v + 0; else if (v ~ /s$/) v = v * 1000; print v}' "$work/$2.txt")
	echo "$rps $p99"
}
wrk -t1 -c8 -d2s "$surl" > /dev/null
wrk -t1 -c8 -d2s "http://127.0.0.1:$cport/" > /dev/null
: > "$work/rounds.txt"
r=1
while [ $r -le "$rounds" ]; do
	set -- $(run "$surl" newsdesk)
	nd_rps=$1 nd_p99=$2
	set -- $(run "http://127.0.0.1:$cport/" ceiling)
	echo "$r $nd_rps $nd_p99 $1 $2" >> "$work/rounds.txt"
	r=$((r + 1))
done
echo "1. GET /api/v1/comments, a page of 50 comments ($bytes bytes), wrk -t$wrk_threads -c$conns, $rounds interleaved rounds of ${round_secs}s, $threads server threads, config.example.toml"
printf '%-6s %14s %10s %14s %10s %7s\n' round "newsdesk req/s" "p99 ms" "ceiling req/s" "p99 ms" ratio
awk '{ printf "%-6s %14s %10.2f %14s %10.2f %7.2f\n", $1, $2, $3, $4, $5, $2 / $4 }' "$work/rounds.txt"
awk '{ print $2 / $4 }' "$work/rounds.txt" | sort -n | awk '{ v[NR] = $1 } END { printf "median wall-clock ratio %.2f (goal: at least 0.90)\n", v[int((NR + 1) / 2)] }'
awk '{ print $3 }' "$work/rounds.txt" | sort -n | awk '{ v[NR] = $1 } END { printf "median p99 of newsdesk %.2f ms (goal: at most 3 ms at 32 connections)\n", v[int((NR + 1) / 2)] }'
kill "$sp_pid"; wait "$sp_pid" 2>/dev/null || true

sh tests/bench/instructions.sh "$work" "$page" "$work/thread.json"

# 2. peak RSS of a fresh server (shipped limits) after 256 and 1,024 connections
echo
echo "2. peak RSS (VmHWM) of a fresh newsdesk, config.example.toml, after wrk -c N -d${round_secs}s at the thread"
for c in 256 1024; do
	./build/newsdesk serve --config "$work/shipped.toml" 2>"$work/mem$c.log" &
	mp=$!
	mport=$(port_of "$work/mem$c.log")
	wrk -t"$wrk_threads" -c"$c" -d"${round_secs}s" "http://127.0.0.1:$mport/api/v1/comments?page=$page" > /dev/null 2>&1 || true
	kb=$(awk '/VmHWM/ {print $2}' /proc/"$mp"/status)
	goal=32; [ "$c" -eq 1024 ] && goal=64
	awk -v kb="$kb" -v c="$c" -v g="$goal" 'BEGIN { printf "after %4d connections: %5.1f MB (goal: at most %d MB)\n", c, kb / 1024, g }'
	kill "$mp"; wait "$mp" 2>/dev/null || true
done
echo
python3 tests/bench/hostile.py "$port"
sh tests/bench/overload.sh "$port" "$cport" "$nd_pid" "$page" "$work"
sh tests/bench/writes.sh "$work"
python3 tests/bench/scale.py "$work"
echo
python3 tests/bench/github_calls.py 5
