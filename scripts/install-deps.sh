#!/bin/sh
# Installs the Debian packages newsdesk needs for a purpose, and only those
# that are missing.  Usage: install-deps.sh build|test|browser|node|bench|fuzz|deploy
set -eu
build="make gcc pkg-config libmicrohttpd-dev libsqlite3-dev libcurl4-openssl-dev
       libjansson-dev libsodium-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libgumbo-dev libssl-dev
       zlib1g-dev libbrotli-dev libzstd-dev ca-certificates"
case "${1:-build}" in
	build) want="$build" ;;
	test)  want="$build libcriterion-dev curl pulldown-cmark python3-html5lib python3-aiosmtpd openssl" ;;
	bench) want="$build wrk curl" ;;
	fuzz)  want="$build clang" ;;
	deploy) want="$build nginx caddy openssl systemd" ;;
	browser|node)
		want=""
		# the emoji font: reactions' screenshots show 👍, not empty boxes
		[ "$1" = browser ] && want="chromium fonts-noto-color-emoji"
		# a node from elsewhere (nvm, nodesource) is fine too
		command -v node >/dev/null 2>&1 || want="$want nodejs"
		command -v npm >/dev/null 2>&1 || want="$want npm" ;;
	*) echo "install-deps.sh: unknown purpose '$1'" >&2; exit 2 ;;
esac
missing=""
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
# shellcheck disable=SC2086
$sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing
