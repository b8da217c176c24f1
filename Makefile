# papers: a SQLite extension for paper digests.
#   make          build build/papers.so (says what is missing; never installs)
#   make demo     install what is missing (as root), build, run sql/demo.sql
#   make test     install what is missing, run every test (plain and under
#                 ASan+UBSan); last line "N passed, M failed"
#   make check    the fast tier: golden SQL tests and the docs' examples,
#                 plain build only (under 30 s)
#   make bench    benchmarks, figures into bench/results/ and bench/RESULTS.md
#   make deps     install the Debian packages the build and tests need (as root)
#   make install  the library, header, static library, papers.pc and the
#                 Python module under $(DESTDIR)$(PREFIX)
#   make deb      build/papers_VERSION_ARCH.deb (packaging/build-deb.sh)
#   make npm      build/sqlite-papers-VERSION.tgz, the Node package (npm pack)
#   make fuzz     every libFuzzer target for FUZZ_SECONDS (tests/test_fuzz.sh)

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN    := -Wall -Wextra -Werror=implicit-function-declaration
# The libraries' own pkg-config files where they ship one (libstemmer has none).
PKG_CFLAGS := $(shell pkg-config --cflags sqlite3 libutf8proc 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs libutf8proc 2>/dev/null || echo -lutf8proc)
# ext/ is grouped by feature; each folder's header sits beside its sources.
EXT_DIRS := ext ext/text ext/reader ext/tagging ext/keyphrases ext/similarity
INCLUDES := -Iinclude $(addprefix -I,$(EXT_DIRS))
# Only the two entry points are exported (PAPERS_API): two builds in one
# process must not call each other's internals.
ALL_CFLAGS := $(CFLAGS) $(WARN) -fPIC -std=c11 -D_GNU_SOURCE -fvisibility=hidden $(INCLUDES) $(PKG_CFLAGS)
LDLIBS  := $(PKG_LIBS) -lstemmer -lm

SRC     := $(sort $(foreach d,$(EXT_DIRS),$(wildcard $(d)/*.c)))
HDR     := $(wildcard include/*.h $(addsuffix /*.h,$(EXT_DIRS)) $(addsuffix /*.inc,$(EXT_DIRS)))
OBJ     := $(SRC:ext/%.c=build/obj/%.o)
ASAN_OBJ := $(SRC:ext/%.c=build/asan/obj/%.o)
STATIC_OBJ := $(SRC:ext/%.c=build/static/obj/%.o)
SANITIZE := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
VERSION := $(shell sed -n 's/^\#define PAPERS_VERSION *"\(.*\)"/\1/p' include/papers.h)

# Debian packages: build (headers + libs), then what the tests run with.
BUILD_PKGS := libsqlite3-dev libutf8proc-dev libstemmer-dev pkg-config
TEST_PKGS  := sqlite3 python3 python3-matplotlib clang libclang-rt-14-dev valgrind \
              $(DEB_PKGS) lintian zlib1g-dev
# ... what make deb runs (dpkg-deb itself comes with dpkg).
DEB_PKGS   := dpkg-dev
# ... and the peers and scorers of make bench (not needed by the tests).
BENCH_PKGS := python3-sklearn python3-snowballstemmer liblingua-en-tagger-perl wordnet-base
# How each package shows it is there: pkg-config for the libraries that
# ship a .pc file, else a file it installs (dpkg -s is slow in a loop).
HAVE_libsqlite3-dev  = pkg-config --exists sqlite3
HAVE_libutf8proc-dev = pkg-config --exists libutf8proc
HAVE_libstemmer-dev  = test -e /usr/include/libstemmer.h
HAVE_pkg-config      = command -v pkg-config
HAVE_sqlite3         = command -v sqlite3
HAVE_python3         = test -x /usr/bin/python3
HAVE_python3-matplotlib = test -e /usr/lib/python3/dist-packages/matplotlib/__init__.py
HAVE_clang           = command -v clang
HAVE_libclang-rt-14-dev = test -e /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a
HAVE_valgrind        = command -v valgrind
HAVE_dpkg-dev        = command -v dpkg-shlibdeps
HAVE_lintian         = command -v lintian
HAVE_zlib1g-dev      = test -e /usr/include/zlib.h
HAVE_python3-sklearn = test -e /usr/lib/python3/dist-packages/sklearn/__init__.py
HAVE_python3-snowballstemmer = test -e /usr/lib/python3/dist-packages/snowballstemmer/__init__.py
HAVE_liblingua-en-tagger-perl = test -e /usr/share/perl5/Lingua/EN/Tagger.pm
HAVE_wordnet-base    = test -e /usr/share/wordnet/index.noun
# The packages of $(1) that are missing (a shell word list).
MISSING = m=""; $(foreach p,$(1),$(HAVE_$(p)) >/dev/null 2>&1 || m="$$m $(p)";)

.PHONY: all deps deps-build deps-bench check-build check-deb demo test test-plain check bench clean \
        install uninstall fuzz fuzz-build static deb npm

all: build/papers.so

# make (and every build rule) only checks, and stops with one line.
check-build:
	@$(call MISSING,$(BUILD_PKGS)) if [ -n "$$m" ]; then \
	  echo "missing:$$m; run: make deps (as root), or apt-get install -y$$m" >&2; exit 1; fi

check-deb:
	@$(call MISSING,$(DEB_PKGS)) if [ -n "$$m" ]; then \
	  echo "missing:$$m; run: make deps (as root), or apt-get install -y$$m" >&2; exit 1; fi

# make deps installs what is missing (as root), or says in one line what to run.
define INSTALL_MISSING
@$(call MISSING,$(1)) if [ -n "$$m" ]; then \
  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
    echo "installing:$$m"; (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$m >/dev/null) || exit 1; \
  else echo "missing packages; run: sudo apt-get install -y$$m" >&2; exit 1; fi; fi
endef
deps-build:
	$(call INSTALL_MISSING,$(BUILD_PKGS))
deps: deps-build
	$(call INSTALL_MISSING,$(TEST_PKGS))
deps-bench: deps
	$(call INSTALL_MISSING,$(BENCH_PKGS))

build/obj/%.o: ext/%.c $(HDR) | check-build
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

build/papers.so: $(OBJ)
	$(CC) -shared -Wl,-soname,papers.so -o $@ $(OBJ) $(LDLIBS)

# The static library, for programs that link SQLite itself: the same sources
# compiled with SQLITE_CORE, as SQLite's own extensions are in a static build.
build/static/obj/%.o: ext/%.c $(HDR) | check-build
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -DSQLITE_CORE -c $< -o $@

build/libpapers.a: $(STATIC_OBJ)
	rm -f $@
	ar rcs $@ $(STATIC_OBJ)

static: build/libpapers.a

# For the bench only: keywords() with its rules switchable off by name
# (PAPERS_KEYWORDS_OFF, see ext/keyphrases/keywords.c).
build/bench/papers.so: $(OBJ) ext/keyphrases/keywords.c $(HDR)
	@mkdir -p build/bench
	$(CC) $(ALL_CFLAGS) -DPAPERS_KEYWORDS_RULES_ENV -c ext/keyphrases/keywords.c -o build/bench/keywords.o
	$(CC) -shared -o $@ $(filter-out build/obj/keyphrases/keywords.o,$(OBJ)) build/bench/keywords.o $(LDLIBS)

# The same sources under AddressSanitizer + UndefinedBehaviorSanitizer, loaded into
# the stock sqlite3 shell and python3 with the ASan runtime preloaded.
build/asan/obj/%.o: ext/%.c $(HDR) | check-build
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -O1 $(SANITIZE) -c $< -o $@

build/asan/papers.so: $(ASAN_OBJ)
	$(CC) -shared $(SANITIZE) -o $@ $(ASAN_OBJ) $(LDLIBS)

# The out-of-memory injection harness (tests/oom/oom.c), linked with the
# system SQLite whose allocator it replaces.
build/oom: tests/oom/oom.c | check-build
	@mkdir -p $(@D)
	$(CC) -O1 -g $(WARN) -o $@ $< -lsqlite3

# The threads test (tests/threads/threads.c) under ThreadSanitizer, with the
# extension's sources compiled in.
build/threads: tests/threads/threads.c $(SRC) $(HDR) | deps
	@mkdir -p $(@D)
	clang -g -O1 -fsanitize=thread -DSQLITE_CORE -D_GNU_SOURCE $(INCLUDES) -o $@ $< $(SRC) -lsqlite3 $(LDLIBS) -lpthread

demo: deps
	@$(MAKE) -s build/papers.so
	@sqlite3 -bail :memory: < sql/demo.sql

test: deps
	@$(MAKE) -s build/papers.so build/asan/papers.so build/oom build/libpapers.a
	@/usr/bin/python3 tests/run.py --plain build/papers.so --asan build/asan/papers.so

test-plain: deps
	@$(MAKE) -s build/papers.so build/oom build/libpapers.a
	@/usr/bin/python3 tests/run.py --plain build/papers.so

check: build/papers.so
	@/usr/bin/python3 tests/run.py --quick --plain build/papers.so

bench: deps-bench
	@$(MAKE) -s build/papers.so
	@bash bench/run.sh

# make install puts papers.so in $(DESTDIR)$(LIBDIR). With the default PREFIX
# (/usr) that is /usr/lib, on the dynamic loader's default path, so the shell's
# `.load papers` and Python's load_extension("papers") find it by name. Under
# another PREFIX, load it by its full path or add LIBDIR to LD_LIBRARY_PATH.
# The header, the static library and papers.pc go beside it for programs that
# link the extension (pkg-config --cflags --libs --static papers), and the
# Python module sqlite_papers where Debian's python3 looks under /usr.
PREFIX ?= /usr
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
PYTHONDIR ?= $(PREFIX)/lib/python3/dist-packages
PYTHON_MODULE := bindings/python/sqlite_papers/__init__.py

# papers.pc names its folders relative to its own (pcfiledir), so it is
# written at install time, for the PREFIX and LIBDIR of that install.
REL = $(shell realpath -m --relative-to=$(1) $(2))
install: build/papers.so build/libpapers.a
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(PKGCONFIGDIR) \
	           $(DESTDIR)$(PYTHONDIR)/sqlite_papers
	install -m 0644 build/papers.so $(DESTDIR)$(LIBDIR)/papers.so
	install -m 0644 build/libpapers.a $(DESTDIR)$(LIBDIR)/libpapers.a
	install -m 0644 include/papers.h $(DESTDIR)$(INCLUDEDIR)/papers.h
	sed -e 's|@PC_TO_PREFIX@|$(call REL,$(PKGCONFIGDIR),$(PREFIX))|' \
	    -e 's|@LIBDIR_REL@|$(call REL,$(PREFIX),$(LIBDIR))|' \
	    -e 's|@INCLUDEDIR_REL@|$(call REL,$(PREFIX),$(INCLUDEDIR))|' \
	    -e 's|@VERSION@|$(VERSION)|' packaging/papers.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/papers.pc
	chmod 0644 $(DESTDIR)$(PKGCONFIGDIR)/papers.pc
	install -m 0644 $(PYTHON_MODULE) $(DESTDIR)$(PYTHONDIR)/sqlite_papers/__init__.py

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/papers.so $(DESTDIR)$(LIBDIR)/libpapers.a \
	      $(DESTDIR)$(INCLUDEDIR)/papers.h $(DESTDIR)$(PKGCONFIGDIR)/papers.pc
	rm -rf $(DESTDIR)$(PYTHONDIR)/sqlite_papers

# The C example (examples/c/): a program that links SQLite and the static
# library, as docs/build.md shows.
build/papers_example: examples/c/papers_example.c include/papers.h build/libpapers.a
	$(CC) $(CFLAGS) $(WARN) -Iinclude -o $@ $< build/libpapers.a -lsqlite3 $(LDLIBS)

# The Debian package: make install into build/deb/root with the multiarch
# LIBDIR (/usr/lib/x86_64-linux-gnu, on the dynamic loader's path, where
# Debian puts SQLite's loadable extensions), then packaging/build-deb.sh.
DEB_ARCH = $(shell dpkg --print-architecture)
DEB_MULTIARCH = $(shell dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null)
deb: build/papers.so build/libpapers.a | check-deb
	rm -rf build/deb/root
	$(MAKE) -s install DESTDIR=$(CURDIR)/build/deb/root PREFIX=/usr LIBDIR=/usr/lib/$(DEB_MULTIARCH)
	bash packaging/build-deb.sh build/deb/root build/papers_$(VERSION)_$(DEB_ARCH).deb

# The Node package sqlite-papers (bindings/node), carrying build/papers.so:
# npm pack runs bindings/node/prepack.js, which copies it in.
npm: build/papers.so
	@command -v npm >/dev/null || { echo "missing: npm; run: apt-get install -y nodejs npm" >&2; exit 1; }
	cd bindings/node && npm pack --loglevel warn --pack-destination $(CURDIR)/build >/dev/null

clean:
	rm -rf build

# Fuzzing: libFuzzer targets built with clang and ASan+UBSan from the
# extension's sources (-DSQLITE_CORE) and the system SQLite. One driver,
# tests/test_fuzz.sh, runs them for make test (30 s each) and for make fuzz.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
              -DSQLITE_CORE -D_GNU_SOURCE $(INCLUDES)

build/fuzz/%: tests/fuzz/%.c $(SRC) $(HDR) | check-build
	@mkdir -p $(@D)
	clang $(FUZZ_FLAGS) -o $@ $< $(SRC) -lsqlite3 $(LDLIBS)

fuzz-build: $(FUZZ_TARGETS)

fuzz: $(FUZZ_TARGETS)
	@FUZZ_CI_SECONDS=$(FUZZ_SECONDS) bash tests/test_fuzz.sh build/papers.so
