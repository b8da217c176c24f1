# papers: a SQLite extension for paper digests.
#   make          build build/papers.so
#   make demo     run sql/demo.sql over the bundled sample digests
#   make test     run every test (plain and under ASan+UBSan); last line "N passed, M failed"
#   make bench    benchmarks, figures into bench/RESULTS.md (not part of the tests)
#   make deps     install the Debian packages the build and tests need (as root)
#   make install  copy build/papers.so to $(DESTDIR)$(PREFIX)/lib (PREFIX=/usr)
#   make fuzz     run every libFuzzer target for FUZZ_SECONDS

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN    := -Wall -Wextra -Werror=implicit-function-declaration
ALL_CFLAGS := $(CFLAGS) $(WARN) -fPIC -std=c11 -D_GNU_SOURCE -Iinclude
LDLIBS  := -lutf8proc -lstemmer -lm

SRC     := $(sort $(wildcard ext/*.c))
HDR     := $(wildcard include/*.h ext/*.inc)
OBJ     := $(SRC:ext/%.c=build/obj/%.o)
ASAN_OBJ := $(SRC:ext/%.c=build/asan/obj/%.o)
SANITIZE := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

# Debian packages: build (headers + libs), then what the tests run with.
BUILD_PKGS := libsqlite3-dev libutf8proc-dev libstemmer-dev
TEST_PKGS  := sqlite3 python3 python3-matplotlib clang libclang-rt-14-dev valgrind
# ... and the peers and scorers of make bench (not needed by the tests).
BENCH_PKGS := python3-sklearn python3-snowballstemmer liblingua-en-tagger-perl wordnet-base
# A file per package that proves it is present (dpkg -s is slow to call in a loop).
PROBE_libsqlite3-dev  := /usr/include/sqlite3ext.h
PROBE_libutf8proc-dev := /usr/include/utf8proc.h
PROBE_libstemmer-dev  := /usr/include/libstemmer.h
PROBE_sqlite3         := /usr/bin/sqlite3
PROBE_python3         := /usr/bin/python3
PROBE_python3-matplotlib := /usr/lib/python3/dist-packages/matplotlib/__init__.py
PROBE_clang           := /usr/bin/clang
PROBE_libclang-rt-14-dev := /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a
PROBE_valgrind        := /usr/bin/valgrind
PROBE_python3-sklearn := /usr/lib/python3/dist-packages/sklearn/__init__.py
PROBE_python3-snowballstemmer := /usr/lib/python3/dist-packages/snowballstemmer/__init__.py
PROBE_liblingua-en-tagger-perl := /usr/share/perl5/Lingua/EN/Tagger.pm
PROBE_wordnet-base    := /usr/share/wordnet/index.noun
MISSING = $(foreach p,$(1),$(if $(wildcard $(PROBE_$(p))),,$(p)))

.PHONY: all deps deps-build deps-bench demo test test-plain test-asan bench clean install uninstall fuzz fuzz-build

all: build/papers.so

# Installs what is missing, or says in one line what to run; does nothing when all is there.
define INSTALL_MISSING
@m="$(strip $(call MISSING,$(1)))"; if [ -n "$$m" ]; then \
  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
    echo "installing: $$m"; (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$m >/dev/null) || exit 1; \
  else echo "missing packages; run: sudo apt-get install -y $$m" >&2; exit 1; fi; fi
endef
deps-build:
	$(call INSTALL_MISSING,$(BUILD_PKGS))
deps: deps-build
	$(call INSTALL_MISSING,$(TEST_PKGS))
deps-bench: deps
	$(call INSTALL_MISSING,$(BENCH_PKGS))

build/obj/%.o: ext/%.c $(HDR) | deps-build
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

build/papers.so: $(OBJ)
	$(CC) -shared -o $@ $(OBJ) $(LDLIBS)

# For the bench only: keywords() with its rules switchable off by name
# (PAPERS_KEYWORDS_OFF, see ext/keywords.c).
build/bench/papers.so: $(OBJ) ext/keywords.c $(HDR)
	@mkdir -p build/bench
	$(CC) $(ALL_CFLAGS) -DPAPERS_KEYWORDS_RULES_ENV -c ext/keywords.c -o build/bench/keywords.o
	$(CC) -shared -o $@ $(filter-out build/obj/keywords.o,$(OBJ)) build/bench/keywords.o $(LDLIBS)

# The same sources under AddressSanitizer + UndefinedBehaviorSanitizer, loaded into
# the stock sqlite3 shell and python3 with the ASan runtime preloaded.
build/asan/obj/%.o: ext/%.c $(HDR) | deps-build
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -O1 $(SANITIZE) -c $< -o $@

build/asan/papers.so: $(ASAN_OBJ)
	$(CC) -shared $(SANITIZE) -o $@ $(ASAN_OBJ) $(LDLIBS)

# The out-of-memory injection harness (tests/oom/oom.c), linked with the
# system SQLite whose allocator it replaces.
build/oom: tests/oom/oom.c | deps-build
	@mkdir -p $(@D)
	$(CC) -O1 -g $(WARN) -o $@ $< -lsqlite3

# The threads test (tests/threads/threads.c) under ThreadSanitizer, with the
# extension's sources compiled in.
build/threads: tests/threads/threads.c $(SRC) $(HDR) | deps
	@mkdir -p $(@D)
	clang -g -O1 -fsanitize=thread -DSQLITE_CORE -D_GNU_SOURCE -Iinclude -o $@ $< $(SRC) -lsqlite3 $(LDLIBS) -lpthread

demo: build/papers.so | deps
	@sqlite3 -bail :memory: < sql/demo.sql

test: build/papers.so build/asan/papers.so build/oom | deps
	@/usr/bin/python3 tests/run.py --plain build/papers.so --asan build/asan/papers.so

test-plain: build/papers.so build/oom | deps
	@/usr/bin/python3 tests/run.py --plain build/papers.so

bench: build/papers.so | deps-bench
	@bash bench/run.sh

# make install puts papers.so in $(DESTDIR)$(LIBDIR). With the default PREFIX
# (/usr) that is /usr/lib, on the dynamic loader's default path, so the shell's
# `.load papers` and Python's load_extension("papers") find it by name. Under
# another PREFIX, load it by its full path or add LIBDIR to LD_LIBRARY_PATH.
PREFIX ?= /usr
LIBDIR ?= $(PREFIX)/lib

install: build/papers.so
	install -d $(DESTDIR)$(LIBDIR)
	install -m 0644 build/papers.so $(DESTDIR)$(LIBDIR)/papers.so

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/papers.so

clean:
	rm -rf build

# Fuzzing (issue 6): libFuzzer targets built with clang and ASan+UBSan from the
# extension's sources (-DSQLITE_CORE) and the system SQLite. `make fuzz` runs
# each for FUZZ_SECONDS with seeds from the sample digests and the fixtures.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
              -DSQLITE_CORE -D_GNU_SOURCE -Iinclude

build/fuzz/%: tests/fuzz/%.c $(SRC) $(HDR) | deps-build
	@mkdir -p $(@D)
	clang $(FUZZ_FLAGS) -o $@ $< $(SRC) -lsqlite3 $(LDLIBS)

fuzz-build: $(FUZZ_TARGETS)

fuzz: $(FUZZ_TARGETS)
	@for t in $(FUZZ_TARGETS); do \
	  n=$$(basename $$t); mkdir -p build/fuzz/corpus/$$n tests/fuzz/regressions/$$n; \
	  echo "== $$n for $(FUZZ_SECONDS)s"; \
	  if $$t -max_total_time=$(FUZZ_SECONDS) -max_len=16384 -print_final_stats=1 \
	      -artifact_prefix=build/fuzz/ build/fuzz/corpus/$$n tests/fuzz/regressions/$$n \
	      tests/fuzz/seeds > build/fuzz/$$n.log 2>&1; then \
	    grep -E "DONE|^stat::number_of_executed_units|^stat::peak_rss" build/fuzz/$$n.log; \
	  else \
	    grep -E "ERROR|SUMMARY|artifact" build/fuzz/$$n.log; \
	    echo "$$n failed: keep the artifact in tests/fuzz/regressions/$$n/"; exit 1; \
	  fi; \
	done
