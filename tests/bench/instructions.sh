#!/bin/sh
# instructions.sh: part of `make bench` (issue 29, item 1).  Instructions,
# not seconds: callgrind counts the same whatever else the machine does.
# For newsdesk (config.example.toml as shipped: access log and metrics on;
# only the listen address, the database and the GitHub URL changed) and for
# the bare libmicrohttpd ceiling serving the same bytes, each under
# `valgrind --tool=callgrind` twice: start, one warming GET, N cached GETs
# (0 in the first run), SIGTERM.  (total(N) - total(0)) / N is one GET's
# instructions.  Then where newsdesk's go, per request, by function and by
# library (tests/bench/cg_split.py).
# Usage: instructions.sh WORKDIR PAGE THREAD_JSON   Env: CG_REQUESTS (4000)
set -eu
work=$1 page=$2 thread=$3
n=${CG_REQUESTS:-4000}
url="/api/v1/comments?page=$page"

sed -e 's|^listen = .*|listen = "127.0.0.1:0"|' \
    -e "s|^database = .*|database = \"$work/nd.db\"|" \
    -e 's|^api_url = .*|api_url = "http://127.0.0.1:1"|' \
    config.example.toml > "$work/default.toml"

# the port a server printed ("... 127.0.0.1:PORT/" or "port PORT")
wait_port() {
	i=0
	while :; do
		p=$(sed -n -e 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' \
			-e 's|.*listening on port \([0-9]*\).*|\1|p' "$1" 2>/dev/null | head -1)
		[ -n "$p" ] && { echo "$p"; return; }
		i=$((i + 1)); [ $i -gt 600 ] && { echo "instructions: $1 shows no port" >&2; exit 1; }
		sleep 0.1
	done
}

# cg NAME REQUESTS PATH CMD...: the total instructions of one run
cg() {
	name=$1 reqs=$2 path=$3
	shift 3
	out="$work/cg.$name.$reqs"
	valgrind --tool=callgrind --callgrind-out-file="$out" --log-file="$out.vg" \
		"$@" > "$out.log" 2>&1 &
	vpid=$!
	port=$(wait_port "$out.log")
	python3 tests/bench/get_n.py "$port" "$path" 1
	[ "$reqs" -gt 0 ] && python3 tests/bench/get_n.py "$port" "$path" "$reqs" 4
	kill -TERM "$vpid"
	wait "$vpid" || true
	awk '/^totals:/ {print $2}' "$out"
}

nd0=$(cg newsdesk 0 "$url" ./build/newsdesk serve --config "$work/default.toml")
ndn=$(cg newsdesk "$n" "$url" ./build/newsdesk serve --config "$work/default.toml")
c0=$(cg ceiling 0 / ./build/bench-ceiling 0 "$thread" 4)
cn=$(cg ceiling "$n" / ./build/bench-ceiling 0 "$thread" 4)
awk -v a0="$nd0" -v an="$ndn" -v b0="$c0" -v bn="$cn" -v n="$n" 'BEGIN {
	nd = (an - a0) / n; c = (bn - b0) / n
	printf "\ninstructions per cached thread GET (callgrind, %d requests over 4 keep-alive connections, minus a run with none)\n", n
	printf "%-34s %12.0f\n", "newsdesk (default config)", nd
	printf "%-34s %12.0f\n", "libmicrohttpd ceiling (memory)", c
	printf "ratio %.2f (goal: at most 1.50)\n", nd / c
}'
python3 tests/bench/cg_split.py "$work/cg.newsdesk.0" "$work/cg.newsdesk.$n" "$n"
