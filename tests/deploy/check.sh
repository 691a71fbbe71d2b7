#!/bin/sh
# The deployment as far as this machine allows: `make install` into a
# scratch prefix (a build of its own, with that prefix), the installed
# binary found and serving its web files from anywhere; the systemd units
# through `systemd-analyze verify`; nginx's and Caddy's configurations by
# Debian's nginx and caddy themselves (installed for the test).
set -eu
cd "$(dirname "$0")/../.."
top=$(pwd)
tmp=$(mktemp -d /tmp/newsdesk-deploy-XXXXXX)
trap 'kill $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
pid=

echo "deploy: make install PREFIX=$tmp/usr (release flags: no -Werror)"
make -s BUILD="$tmp/build" PREFIX="$tmp/usr" install >"$tmp/install.log" 2>&1 ||
	{ cat "$tmp/install.log"; exit 1; }
for f in bin/newsdesk share/newsdesk/web/submit.js share/newsdesk/web/favicon.ico \
	 share/newsdesk/config.example.toml share/newsdesk/deploy/newsdesk.service \
	 share/man/man1/newsdesk.1; do
	[ -e "$tmp/usr/$f" ] || { echo "deploy: $f was not installed"; exit 1; }
done
"$tmp/usr/bin/newsdesk" --help | grep -q "import utterances" ||
	{ echo "deploy: --help does not list every command"; exit 1; }

# started from elsewhere, with no web_root of its own: the installed files
mkdir -p "$tmp/run"
cat >"$tmp/run/c.toml" <<TOML
[server]
listen = "127.0.0.1:0"
access_log = false
[storage]
database = "$tmp/run/nd.db"
[github]
api_url = "http://127.0.0.1:1"
refresh_seconds = 0
TOML
(cd "$tmp/run" && exec "$tmp/usr/bin/newsdesk" serve --config c.toml 2>"$tmp/run/log") &
pid=$!
port=
for _ in $(seq 1 100); do
	port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$tmp/run/log")
	[ -n "$port" ] && break
	sleep 0.05
done
[ -n "$port" ] || { cat "$tmp/run/log"; echo "deploy: the installed binary did not start"; exit 1; }
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/favicon.ico")
[ "$code" = 200 ] || { echo "deploy: /favicon.ico answered $code"; exit 1; }
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/embed.js")
[ "$code" = 200 ] || { echo "deploy: the installed web files are not served ($code)"; exit 1; }
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
echo "deploy: installed tree complete, the binary serves its files from $tmp/usr/share"

# installed files name the install's own paths (PREFIX), never /usr/local
if grep -rl '/usr/local' "$tmp/usr/share/newsdesk/deploy" >/dev/null; then
	grep -rn '/usr/local' "$tmp/usr/share/newsdesk/deploy"
	echo "deploy: installed deploy files still name /usr/local"; exit 1
fi
grep -q "ExecStart=$tmp/usr/bin/newsdesk serve" "$tmp/usr/share/newsdesk/deploy/newsdesk.service" ||
	{ echo "deploy: the installed unit does not start the installed binary"; exit 1; }
grep -q "web_root = \"$tmp/usr/share/newsdesk/web\"" "$tmp/usr/share/newsdesk/deploy/newsdesk.toml" ||
	{ echo "deploy: the installed config does not name the installed web files"; exit 1; }
# a token setup needs no key file: the unit loads none, the drop-in does
if grep -q '^LoadCredential' "$tmp/usr/share/newsdesk/deploy/newsdesk.service"; then
	echo "deploy: newsdesk.service needs the App key even with a token"; exit 1
fi
echo "deploy: installed files name PREFIX's paths; the App key is an optional drop-in"
if command -v systemd-analyze >/dev/null 2>&1; then
	# the units as installed, pointing at the binary just installed
	mkdir -p "$tmp/units"
	for u in newsdesk.service newsdesk-backup.service newsdesk-backup.timer; do
		cp "$tmp/usr/share/newsdesk/deploy/$u" "$tmp/units/$u"   # as installed
	done
	out=$(cd "$tmp/units" && systemd-analyze verify --man=no newsdesk.service \
		newsdesk-backup.service newsdesk-backup.timer 2>&1 || true)
	# verify also judges the machine (no systemd running in a container):
	# only complaints about our units count
	bad=$(printf '%s\n' "$out" | grep -E "newsdesk(-backup)?\.(service|timer)" |
		grep -vE "Failed to connect|System has not been booted|not executable: No such file" || true)
	[ -z "$bad" ] || { printf '%s\n' "$bad"; echo "deploy: systemd-analyze verify complains"; exit 1; }
	echo "deploy: systemd units verified"
else
	echo "deploy: systemd-analyze not installed: units not verified"
fi
# both proxies send HSTS and hand newsdesk whole bodies (a trickled upload
# must hold the proxy's buffer, not one of newsdesk's request slots)
grep -q 'Strict-Transport-Security' deploy/Caddyfile ||
	{ echo "deploy: the Caddyfile sends no HSTS"; exit 1; }
grep -Eq 'buffer_requests|request_buffers' deploy/Caddyfile ||
	{ echo "deploy: the Caddyfile does not buffer request bodies"; exit 1; }
if grep -q 'proxy_request_buffering *off' deploy/nginx.conf; then
	echo "deploy: nginx.conf streams request bodies"; exit 1
fi
echo "deploy: both proxies send HSTS and buffer request bodies"
# the proxies as Debian ships them (install-deps.sh deploy), with a
# throwaway self-signed certificate where the real one would be
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=newsdesk.test \
	-keyout "$tmp/key.pem" -out "$tmp/cert.pem" >/dev/null 2>&1
sed -e "s|/etc/letsencrypt/live/newsdesk.rust-osdev.com/fullchain.pem|$tmp/cert.pem|" \
    -e "s|/etc/letsencrypt/live/newsdesk.rust-osdev.com/privkey.pem|$tmp/key.pem|" \
    deploy/nginx.conf >"$tmp/site.conf"
printf 'pid %s/nginx.pid;\nerror_log %s/error.log;\nevents {}\nhttp { access_log off; include %s/site.conf; }\n' \
	"$tmp" "$tmp" "$tmp" >"$tmp/nginx.conf"
nginx -t -c "$tmp/nginx.conf" 2>&1 | grep -q "syntax is ok" ||
	{ nginx -t -c "$tmp/nginx.conf"; exit 1; }
echo "deploy: nginx -t accepts deploy/nginx.conf ($(nginx -v 2>&1 | sed 's|.*/||'))"
caddy validate --adapter caddyfile --config deploy/Caddyfile >"$tmp/caddy.log" 2>&1 ||
	{ cat "$tmp/caddy.log"; exit 1; }
echo "deploy: caddy validate accepts deploy/Caddyfile ($(caddy version | cut -d' ' -f1))"
