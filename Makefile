# newsdesk — see README.md.  `make` builds build/newsdesk; `make run` serves;
# `make test` runs every suite, plain and under ASan+UBSan.
CC      ?= cc
PKGS    := libmicrohttpd sqlite3 libcurl jansson libsodium libcmark-gfm gumbo libcrypto \
	zlib libbrotlienc libzstd
BUILD   := build
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread
# libcrypto: the GitHub App's RS256 JWT; the stand-in names git objects by SHA-1.
# zlib, libbrotlienc, libzstd: the codings of the static files and JSON
# (http/encoding.c); the tests decode brotli with libbrotlidec.
TEST_LIBS  = $(shell pkg-config --libs libcrypto libbrotlidec 2>/dev/null) -lcriterion
# -Werror while developing and in CI; a release build (make install) warns only
WERROR  ?= $(if $(filter install,$(MAKECMDGOALS)),,-Werror)
WARN    := -Wall -Wextra $(WERROR) -Wshadow -Wstrict-prototypes -Wformat=2 -Wvla
CFLAGS  ?= -O2 -g
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/newsdesk
MANDIR  ?= $(PREFIX)/share/man
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CPPFLAGS) $(CFLAGS) -Isrc -Itests -I$(BUILD)/gen \
	-DNEWSDESK_SRCDIR='"$(CURDIR)"' $(PKG_CFLAGS)
SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer

SRC      := $(shell find src -name '*.c' | sort)
LIB_SRC  := $(filter-out src/app/main.c,$(SRC))
GEN_SRC  := $(BUILD)/gen/migrations.c
TEST_SRC := $(shell find tests -name '*.c' -not -path 'tests/fuzz/*' -not -path 'tests/bench/*' \
	-not -path 'tests/preload/*' -not -name '*_main.c' | sort)
SQL      := $(sort $(wildcard sql/*.sql))

OBJ      = $(patsubst %.c,$(BUILD)/obj/%.o,$(LIB_SRC) $(GEN_SRC))
SAN_OBJ  = $(patsubst %.c,$(BUILD)/asan/%.o,$(LIB_SRC) $(GEN_SRC))
TEST_OBJ = $(patsubst %.c,$(BUILD)/obj/%.o,$(TEST_SRC))
SAN_TEST_OBJ = $(patsubst %.c,$(BUILD)/asan/%.o,$(TEST_SRC))
STANDIN_OBJ = $(patsubst %.c,$(BUILD)/obj/%.o,$(sort $(wildcard tests/standin/*.c)))

RUN_CONFIG := $(if $(wildcard config.toml),config.toml,config.example.toml)

.PHONY: all run test check-layers test-plain test-asan test-hostile test-browser test-deploy deps-build deps-test clean migrate fuzz bench demo install FORCE
all: $(BUILD)/newsdesk

deps-build:
	@sh scripts/install-deps.sh build
deps-test:
	@sh scripts/install-deps.sh test

$(BUILD)/gen/migrations.c: $(SQL) scripts/embed-sql.sh
	@mkdir -p $(@D)
	sh scripts/embed-sql.sh $(SQL) > $@.tmp && mv $@.tmp $@

# Where an installed newsdesk finds its web files: rewritten only when
# DATADIR changes, so that `make install PREFIX=/usr` rebuilds what uses it.
$(BUILD)/gen/paths.h: FORCE
	@mkdir -p $(@D)
	@printf '#define NEWSDESK_DATADIR "%s"\n' '$(DATADIR)' > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

$(BUILD)/obj/src/app/serve.o $(BUILD)/asan/src/app/serve.o: $(BUILD)/gen/paths.h

$(BUILD)/obj/%.o: %.c $(GEN_SRC)
	@mkdir -p $(@D)
	@echo "  CC $<"
	@$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/asan/%.o: %.c $(GEN_SRC)
	@mkdir -p $(@D)
	@echo "  CC [asan] $<"
	@$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -MMD -MP -c $< -o $@

$(BUILD)/newsdesk: $(OBJ) $(BUILD)/obj/src/app/main.o
	@echo "  LD $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

# PREFIX=/usr/local, DESTDIR for packaging; the web files go to DATADIR/web,
# where the installed binary looks when web_root is not found.
install: $(BUILD)/newsdesk
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/web $(DESTDIR)$(DATADIR)/deploy \
		$(DESTDIR)$(MANDIR)/man1
	install -m 755 $(BUILD)/newsdesk $(DESTDIR)$(BINDIR)/newsdesk
	install -m 644 web/*.html web/*.js web/*.css web/favicon.ico $(DESTDIR)$(DATADIR)/web/
	install -m 644 config.example.toml $(DESTDIR)$(DATADIR)/config.example.toml
	@# the deploy files name where this install put things, not /usr/local
	for f in deploy/*; do \
		sed -e 's|/usr/local/bin|$(BINDIR)|g' -e 's|/usr/local/share/newsdesk|$(DATADIR)|g' \
			"$$f" > $(DESTDIR)$(DATADIR)/$$f && chmod 644 $(DESTDIR)$(DATADIR)/$$f || exit 1; \
	done
	install -m 644 docs/newsdesk.1 $(DESTDIR)$(MANDIR)/man1/newsdesk.1

# The install tree, the systemd units and (where installed) the proxy
# configurations, checked as far as this machine allows.
test-deploy:
	@sh scripts/install-deps.sh deploy
	sh tests/deploy/check.sh

$(BUILD)/newsdesk-asan: $(SAN_OBJ) $(BUILD)/asan/src/app/main.o
	@echo "  LD $@"
	@$(CC) $(SAN_FLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/newsdesk-tests: $(OBJ) $(TEST_OBJ) | $(BUILD)/sync-trace.so
	@echo "  LD $@"
	@$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS) $(TEST_LIBS)

# fsync and fdatasync traced in the daemon the durability test preloads it
# into (tests/preload/sync_trace.c): never linked into a test binary.
$(BUILD)/sync-trace.so: tests/preload/sync_trace.c
	@mkdir -p $(@D)
	@echo "  CC $@"
	@$(CC) -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) -fPIC -shared -o $@ $< -ldl

$(BUILD)/newsdesk-tests-asan: $(SAN_OBJ) $(SAN_TEST_OBJ) | $(BUILD)/sync-trace.so
	@echo "  LD $@"
	@$(CC) $(SAN_FLAGS) -o $@ $^ $(PKG_LIBS) $(TEST_LIBS)

# The benchmark's ceiling: bare libmicrohttpd serving bytes from memory.
$(BUILD)/bench-ceiling: tests/bench/ceiling_main.c src/http/server.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(PKG_LIBS)

bench:
	@sh scripts/install-deps.sh bench
	$(MAKE) $(BUILD)/newsdesk $(BUILD)/bench-ceiling $(BUILD)/gh-standin
	sh tests/bench/run.sh

# The GitHub stand-in as a process of its own (make demo).
$(BUILD)/gh-standin: $(OBJ) $(STANDIN_OBJ) $(BUILD)/obj/tests/support/json_schema.o
	@echo "  LD $@"
	@$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS) $(shell pkg-config --libs libcrypto 2>/dev/null)

demo: deps-test
	$(MAKE) $(BUILD)/newsdesk $(BUILD)/gh-standin
	sh scripts/demo.sh

run: deps-build
	$(MAKE) $(BUILD)/newsdesk
	./$(BUILD)/newsdesk serve --config $(RUN_CONFIG)

migrate: $(BUILD)/newsdesk
	./$(BUILD)/newsdesk migrate --config $(RUN_CONFIG)

# Each suite runs the real binary too (graceful shutdown, CLI); the sanitizer
# suite runs the sanitizer binary.
test: deps-test
	$(MAKE) check-layers
	$(MAKE) test-plain
	$(MAKE) test-deploy
	$(MAKE) test-asan
	$(MAKE) test-hostile
	$(MAKE) test-browser

# The include rule between src/'s folders, and the README's map of them.
check-layers:
	/usr/bin/python3 scripts/check-layers.py src

# Hostile contributions the whole way (tests/hostile/battery.py): HTTP, the
# pull request on the stand-in, then the oracles: pulldown-cmark and npm's
# commonmark (CommonMark 0.31.2's reference implementation) rendering, an
# HTML5 parser, Zola's build rules and the site's RSS item as XML.  The
# sanitizer binary, so that a memory error fails it too.  Debian's python3
# (html5lib is a Debian package).  Then hostile conditions (issue 25,
# tests/hostile/load.py): each a bounded load on loopback, /healthz held
# under 50 ms throughout; the plain binary, since it measures time.
test-hostile: $(BUILD)/newsdesk-asan $(BUILD)/newsdesk $(BUILD)/gh-standin
	@sh scripts/install-deps.sh node
	cd tests/hostile && npm ci --no-audit --no-fund --silent
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 NEWSDESK_BIN=$(CURDIR)/$(BUILD)/newsdesk-asan \
		/usr/bin/python3 tests/hostile/battery.py
	NEWSDESK_BIN=$(CURDIR)/$(BUILD)/newsdesk /usr/bin/python3 tests/hostile/load.py
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 NEWSDESK_BIN=$(CURDIR)/$(BUILD)/newsdesk-asan \
		/usr/bin/python3 tests/hostile/differential.py 400 23

# The pages in Debian's chromium through playwright-core (tests/browser/).
test-browser: $(BUILD)/newsdesk $(BUILD)/gh-standin
	@sh scripts/install-deps.sh browser
	cd tests/browser && npm ci --no-audit --no-fund --silent
	node tests/browser/flow.mjs
	node tests/browser/update.mjs
	node tests/browser/comments.mjs
	node tests/browser/reactions.mjs
	node tests/browser/conversation.mjs
	node tests/browser/pages.mjs
	node tests/browser/harvest.mjs
	node tests/browser/mail.mjs

test-plain: $(BUILD)/newsdesk $(BUILD)/newsdesk-tests
	NEWSDESK_BIN=$(CURDIR)/$(BUILD)/newsdesk ./$(BUILD)/newsdesk-tests --jobs 2

# One worker at a time: Criterion 2.4.1's runner itself leaks 48 bytes now and
# then when two workers finish together, and LeakSanitizer would fail the run.
test-asan: $(BUILD)/newsdesk-asan $(BUILD)/newsdesk-tests-asan
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	NEWSDESK_BIN=$(CURDIR)/$(BUILD)/newsdesk-asan ./$(BUILD)/newsdesk-tests-asan --jobs 1

# First the differential fuzzer (tests/hostile/differential.py: random
# entries through the content policy, every accepted one judged by the
# battery's oracles; a new seed each run, 400 cases of seed 23 run in
# test-hostile).  Then libFuzzer, bounded in time: the draft engine (parse
# + sections + apply, which runs the content policy), the content policy
# and bounded renderer with their promises checked, and the hand-written
# text checks.
FUZZ_SECONDS ?= 60
FUZZ_CC := clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -Isrc -DNEWSDESK_SRCDIR='"$(CURDIR)"'
FUZZ_LIBS = $$(pkg-config --cflags --libs jansson libcmark-gfm gumbo) -lpthread
FUZZ_SRC := $(addprefix src/draft/,apply.c cycle.c merge3.c parse.c sections_json.c submission.c text.c) \
	$(wildcard src/markdown/*.c) src/util/buf.c src/util/xalloc.c \
	src/util/utf8.c src/util/url.c src/github/login.c
FUZZ_RUN = ASAN_OPTIONS=detect_leaks=1 $(BUILD)/fuzz/$(1) -max_total_time=$(FUZZ_SECONDS) \
	-max_len=$(2) -timeout=10 -print_final_stats=1 $(BUILD)/fuzz/$(3)
fuzz: $(BUILD)/newsdesk
	@sh scripts/install-deps.sh fuzz
	@sh scripts/install-deps.sh test
	@sh scripts/install-deps.sh node
	cd tests/hostile && npm ci --no-audit --no-fund --silent
	/usr/bin/python3 tests/hostile/differential.py 5000 $$(date +%s)
	@mkdir -p $(BUILD)/fuzz
	$(FUZZ_CC) $(FUZZ_SRC) tests/fuzz/fuzz_draft.c -o $(BUILD)/fuzz/fuzz_draft $(FUZZ_LIBS)
	sh scripts/fuzz-corpus.sh $(BUILD)/fuzz/corpus
	$(call FUZZ_RUN,fuzz_draft,65536,corpus)
	$(FUZZ_CC) $(FUZZ_SRC) tests/fuzz/fuzz_policy.c -o $(BUILD)/fuzz/fuzz_policy $(FUZZ_LIBS)
	sh scripts/fuzz-corpus.sh --policy $(BUILD)/fuzz/policy-corpus
	$(call FUZZ_RUN,fuzz_policy,16384,policy-corpus)
	$(FUZZ_CC) src/features/comments/page_path.c src/util/ip_match.c src/util/text_fmt.c src/util/buf.c src/util/xalloc.c \
		src/markdown/html_policy.c tests/fuzz/fuzz_text.c -o $(BUILD)/fuzz/fuzz_text \
		$$(pkg-config --cflags --libs gumbo)
	@mkdir -p $(BUILD)/fuzz/text-corpus
	@printf '/this-month/2021-12/index.html?x#y' > $(BUILD)/fuzz/text-corpus/page
	@printf '<span class="gray">x</span><a href="https://x">' > $(BUILD)/fuzz/text-corpus/html
	@printf '6.6.6.6, 203.0.113.9, 10.0.0.1' > $(BUILD)/fuzz/text-corpus/xff
	$(call FUZZ_RUN,fuzz_text,4096,text-corpus)

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
