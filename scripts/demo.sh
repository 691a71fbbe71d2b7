#!/bin/sh
# `make demo`: newsdesk against a local GitHub stand-in seeded with a real
# draft, so that submit -> approve -> pull request -> merge can be clicked
# through without GitHub.  Ports: NEWSDESK_PORT (8080), STANDIN_PORT (8081).
set -eu
cd "$(dirname "$0")/.."
nd_port="${NEWSDESK_PORT:-8080}"
gh_port="${STANDIN_PORT:-8081}"
dir=build/demo
mkdir -p "$dir"
if [ "${DEMO_KEEP:-0}" = 1 ]; then
	echo "demo: keeping $dir/newsdesk.db (the stand-in GitHub starts empty again)"
else
	# the stand-in keeps its repository in memory: old pull requests are gone,
	# so old submissions would point nowhere
	[ -f "$dir/newsdesk.db" ] && echo "demo: starting afresh (DEMO_KEEP=1 keeps $dir/newsdesk.db)"
	rm -f "$dir"/newsdesk.db*
fi

# A real draft from the newsletter's history when it is beside us.
seed=../shared/seeds/2021-12-draft.md
month=2021-12
if [ ! -f "$seed" ]; then
	seed=tests/fixtures/draft-modern.md
	month=2024-04
fi
draft="content/this-month/$month/index.md"

cat > "$dir/config.toml" <<TOML
[server]
listen = "127.0.0.1:$nd_port"
public_url = "http://127.0.0.1:$nd_port"
[storage]
database = "$dir/newsdesk.db"
[github]
api_url = "http://127.0.0.1:$gh_port"
web_url = "http://127.0.0.1:$gh_port"
repo = "rust-osdev/homepage"
branch = "next"
write_interval_ms = 0
refresh_seconds = 30
oauth_client_id = "demo-client"
maintainers_org = "rust-osdev"
TOML

export GITHUB_TOKEN=demo-token GITHUB_WEBHOOK_SECRET=demo-secret GITHUB_OAUTH_SECRET=demo-oauth
./build/gh-standin --port "$gh_port" --token demo-token --seed "$seed" --draft "$draft" \
	--webhook "http://127.0.0.1:$nd_port/webhooks/github" --secret demo-secret \
	--oauth demo-client:demo-oauth --user octo-demo:1001 --org rust-osdev &
standin=$!
trap 'kill $standin 2>/dev/null || true' EXIT INT TERM
# an utterances thread of the example page's issue, as rust-osdev.com has
# them, so that the import can be tried without a GitHub of one's own
curl -fsS --retry 20 --retry-connrefused --retry-delay 0 -o /dev/null \
	-H 'Content-Type: application/json' "http://127.0.0.1:$gh_port/_standin/issues" \
	--data-binary @- <<JSON || echo "demo: the utterances thread was not seeded" >&2
{"title": "https://rust-osdev.com/this-month/2021-12/",
 "body": "# This Month in Rust OSDev: December 2021\n\nWelcome to a new issue of \"This Month in Rust OSDev\".\n\n[https://rust-osdev.com/this-month/2021-12/](https://rust-osdev.com/this-month/2021-12/)",
 "reactions": {"+1": 12, "hooray": 3, "rocket": 5},
 "comments": [
  {"login": "phil-opp", "id": 1001, "body": "Thanks for putting this together! The \`x86_64\` release notes are in the changelog.", "reactions": {"heart": 4}},
  {"login": "bjorn3", "id": 2002, "body": "Great issue. Looking forward to the next one.", "reactions": {"+1": 2, "eyes": 1}}]}
JSON
./build/newsdesk migrate --config "$dir/config.toml" >/dev/null
echo "demo-password-123" | ./build/newsdesk user add demo --config "$dir/config.toml" >/dev/null

cat <<TXT

  newsdesk demo
  -------------
  1. Submit:  http://127.0.0.1:$nd_port/submit      (a contribution to the $month draft)
  2. Review:  http://127.0.0.1:$nd_port/admin       (user "demo", password "demo-password-123",
                                                    or "Sign in with GitHub" as @octo-demo)
  3. GitHub:  http://127.0.0.1:$gh_port/            (the stand-in: open the pull request, merge it)
  4. Comment: http://127.0.0.1:$nd_port/example.html (the widget; first comments wait in /admin)
  5. Import:  the stand-in holds an utterances thread of that page; bring it along with
              ./build/newsdesk import utterances --repo rust-osdev/homepage --issue-term url \\
                --site https://rust-osdev.com --config $dir/config.toml
  The status page linked after submitting follows it: pending -> PR opened -> merged.
  Ctrl-C stops both.

TXT
./build/newsdesk serve --config "$dir/config.toml"
