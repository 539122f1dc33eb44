# powers: a registry of delegated powers.  GNU make.
#
#   make            build ./powers, and build/test/powers for the tests
#   make check      install what is missing, build, run every test
#   make demo       install what is missing, build a registry from fixtures/
#   make bench      N=1000000: powers beside the sqlite3 shell (tests/bench/)
#   make bench-peak N=10000000: peak memory of the writing steps, by hand
#   make SANITIZE=address,undefined check
#   make install    PREFIX=/usr/local DESTDIR=
#   make pot        po/powers.pot from the sources (xgettext)

PROG = powers
VERSION = 0.1.0
PREFIX ?= /usr/local
DESTDIR ?=
BUILD = build
# Where the translations are read from: make install puts them there.
# The tests and make demo run the binary from the tree with
# $POWERS_LOCALEDIR=build/locale, where the build compiles them.
LOCALEDIR ?= $(PREFIX)/share/locale
LINGUAS = zh_CN
MO = $(LINGUAS:%=$(BUILD)/locale/%/LC_MESSAGES/$(PROG).mo)

CC ?= cc
CFLAGS ?= -O2 -g
WARNINGS = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wvla -Wwrite-strings
ifdef CI
WARNINGS += -Werror
endif
PKGS = sqlite3 libcrypto xlsxwriter libutf8proc libzip expat
ALL_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
	-DPOWERS_VERSION='"$(VERSION)"' -DLOCALEDIR='"$(LOCALEDIR)"' $(LAYERS:%=-Isrc/%) -I$(BUILD) $(WARNINGS) $(CFLAGS)
LIBS = -lcsv
ifdef SANITIZE
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=$(SANITIZE)
endif

# The layers, one folder each under src/ (doc/ARCHITECTURE.md); every
# folder is on the include path, and tools/check-layers holds the
# direction of their includes.
LAYERS = cli db rules read write
SRC = $(wildcard src/*/*.c)
HEADERS = $(wildcard src/*/*.h)
LIB_OBJ = $(patsubst src/%.c,$(BUILD)/%.o,$(filter-out src/cli/main.c,$(SRC))) \
	$(BUILD)/migrations.o
MIGRATIONS = $(sort $(wildcard migrations/*.sql))
# The test hooks ($POWERS_NOW, $POWERS_TEST_FAIL_AFTER_ROWS) are compiled
# only into the test build: the files that hold them are built again with
# -DPOWERS_TEST_HOOKS into $(BUILD)/hooks/ and linked into $(BUILD)/test/powers
# (named powers, as its messages say) and the test programs.  ./powers, the
# product (make install, make demo), has none: a test checks that it
# ignores them.
TEST_PROG = $(BUILD)/test/powers
HOOK_SRC := $(shell grep -l POWERS_TEST_HOOKS src/*/*.c)
HOOK_OBJ = $(patsubst src/%.c,$(BUILD)/hooks/%.o,$(HOOK_SRC))
TEST_LIB_OBJ = $(filter-out $(patsubst src/%.c,$(BUILD)/%.o,$(HOOK_SRC)),$(LIB_OBJ)) \
	$(filter-out $(BUILD)/hooks/cli/main.o,$(HOOK_OBJ))
TEST_MAIN_OBJ = $(if $(filter src/cli/main.c,$(HOOK_SRC)),$(BUILD)/hooks/cli/main.o,$(BUILD)/cli/main.o)
TEST_SRC = $(wildcard tests/check_*.c)
TEST_OBJ = $(patsubst tests/%.c,$(BUILD)/tests/%.o,$(TEST_SRC))

all: $(PROG) $(TEST_PROG) $(MO)

# Rebuild everything when the flags or the packages change, so that a
# sanitizer build never links against objects built without it (git's
# GIT-CFLAGS), and a package added is linked.
$(BUILD)/flags: FORCE
	@mkdir -p $(BUILD)/tests
	@echo '$(CC) $(ALL_CFLAGS) $(LDFLAGS) $(PKGS)' | cmp -s - $@ || \
		echo '$(CC) $(ALL_CFLAGS) $(LDFLAGS) $(PKGS)' > $@

$(BUILD)/pkg-cflags $(BUILD)/pkg-libs: $(BUILD)/flags
	@pkg-config --cflags $(PKGS) check > $(BUILD)/pkg-cflags
	@pkg-config --libs $(PKGS) > $(BUILD)/pkg-libs
	@pkg-config --libs check > $(BUILD)/pkg-check-libs

$(BUILD)/%.o: src/%.c $(HEADERS) $(BUILD)/flags $(BUILD)/pkg-cflags
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $$(cat $(BUILD)/pkg-cflags) -c -o $@ $<

# Migrations are embedded as byte arrays (string literals over 4095 bytes
# are not portable C).
$(BUILD)/embed: tools/embed.c $(BUILD)/flags
	$(CC) -std=c11 -O1 -o $@ tools/embed.c

$(BUILD)/migrations.c: $(BUILD)/embed $(MIGRATIONS)
	$(BUILD)/embed $(MIGRATIONS) > $@.tmp && mv $@.tmp $@

$(BUILD)/migrations.o: $(BUILD)/migrations.c src/db/migrations.h
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(PROG): $(BUILD)/cli/main.o $(LIB_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS) $$(cat $(BUILD)/pkg-libs)

$(BUILD)/hooks/%.o: src/%.c $(HEADERS) $(BUILD)/flags $(BUILD)/pkg-cflags
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -DPOWERS_TEST_HOOKS $$(cat $(BUILD)/pkg-cflags) -c -o $@ $<

$(TEST_PROG): $(TEST_MAIN_OBJ) $(TEST_LIB_OBJ)
	@mkdir -p $(BUILD)/test
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS) $$(cat $(BUILD)/pkg-libs)

# The test runner finds the suites by their definitions: a line holding
# only 'NAME_suite(void)' in tests/check_*.c.
$(BUILD)/suites.h: $(TEST_SRC) $(BUILD)/flags
	sed -n 's/^\([a-z_0-9]*_suite\)(void)$$/SUITE(\1)/p' $(TEST_SRC) > $@

$(BUILD)/tests/%.o: tests/%.c tests/testutil.h $(BUILD)/suites.h $(HEADERS) $(BUILD)/flags $(BUILD)/pkg-cflags
	$(CC) $(ALL_CFLAGS) -Itests $$(cat $(BUILD)/pkg-cflags) -c -o $@ $<

$(BUILD)/tests/run.o: tests/run.c $(BUILD)/suites.h $(BUILD)/flags $(BUILD)/pkg-cflags
	$(CC) $(ALL_CFLAGS) -Itests $$(cat $(BUILD)/pkg-cflags) -c -o $@ $<

$(BUILD)/check_runner: $(BUILD)/tests/run.o $(BUILD)/tests/testutil.o $(TEST_OBJ) $(TEST_LIB_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS) $$(cat $(BUILD)/pkg-libs) $$(cat $(BUILD)/pkg-check-libs)

# Workbooks for the tests of the .xlsx reader and for the benchmark.
$(BUILD)/xlsxgen: tests/xlsxgen.c $(BUILD)/flags $(BUILD)/pkg-cflags
	$(CC) $(ALL_CFLAGS) $$(cat $(BUILD)/pkg-cflags) -o $@ tests/xlsxgen.c $(LIBS) $$(cat $(BUILD)/pkg-libs)

$(BUILD)/dumpschema: tools/dumpschema.c $(LIB_OBJ)
	$(CC) $(ALL_CFLAGS) $$(cat $(BUILD)/pkg-cflags) -o $@ $^ $(LIBS) $$(cat $(BUILD)/pkg-libs)

# The translations (po/LANG.po, GNU gettext): compiled by msgfmt into
# build/locale/LANG/LC_MESSAGES/powers.mo, the layout of
# $(PREFIX)/share/locale, so that $POWERS_LOCALEDIR=build/locale serves
# the binary in the tree.  'make pot' makes the template anew from every
# string marked _() or N_(); tests/cli/t_i18n.sh fails when one has no
# translation.
XGETTEXT = xgettext --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=NC_:1c,2 \
	--add-comments=TRANSLATORS: --package-name=$(PROG) \
	--package-version=$(VERSION) --msgid-bugs-address="the issues of powers" --sort-by-file

$(BUILD)/locale/%/LC_MESSAGES/$(PROG).mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@.tmp $< && mv $@.tmp $@

pot:
	$(XGETTEXT) -o po/$(PROG).pot $(SRC) $(HEADERS)

deps:
	@sh tools/deps

# schema/schema.sql is generated from the migrations; check_migrate fails
# when it is stale.
schema: $(BUILD)/dumpschema
	$(BUILD)/dumpschema > schema/schema.sql.tmp && mv schema/schema.sql.tmp schema/schema.sql

check: deps
	@$(MAKE) --no-print-directory $(PROG) $(TEST_PROG) $(MO) $(BUILD)/check_runner $(BUILD)/xlsxgen
	sh tools/check-layers
	$(BUILD)/check_runner
	sh tests/cli/run.sh ./$(PROG) $(TEST_PROG)
	@$(MAKE) --no-print-directory check-reliability

demo: deps
	@$(MAKE) --no-print-directory $(PROG) $(MO)
	POWERS_LOCALEDIR=$(CURDIR)/$(BUILD)/locale sh tools/demo ./$(PROG)

# The benchmark beside the sqlite3 shell (tests/bench/): each shape of data
# at 100k and N powers, 1M by default, in about a quarter of an hour;
# 'make bench-10m' once by hand.  Both write their figures into
# tests/bench/RESULTS.md.
N = 1000000

# Each shape of data (tests/bench/gen.c) at 100k and at N.
BENCH_SHAPES = excel scattered repeated
BENCH_NS = $(sort 100000 $(N))

bench:
	@sh tools/deps bench
	@$(MAKE) --no-print-directory $(PROG) $(BUILD)/bench-gen $(BUILD)/xlsxgen
	@for s in $(BENCH_SHAPES); do for n in $(BENCH_NS); do \
		BENCH_SHAPE=$$s sh tests/bench/run.sh ./$(PROG) $(BUILD)/bench-gen $$n || exit 1; \
	done; done

bench-10m:
	@$(MAKE) --no-print-directory bench BENCH_NS=10000000 REPEAT=1

bench-peak:
	@sh tools/deps bench
	@$(MAKE) --no-print-directory $(PROG) $(BUILD)/bench-gen
	sh tests/bench/peak.sh ./$(PROG) $(BUILD)/bench-gen $(N)

$(BUILD)/bench-gen: tests/bench/gen.c $(BUILD)/flags
	$(CC) -std=c11 -O2 $(WARNINGS) -o $@ tests/bench/gen.c

install: $(PROG) $(MO)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions
	for l in $(LINGUAS); do \
		install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
		install -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/$(PROG).mo \
		    $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/$(PROG).mo || exit 1; \
	done
	install -m 755 $(PROG) $(DESTDIR)$(PREFIX)/bin/$(PROG)
	install -m 644 doc/powers.1 $(DESTDIR)$(PREFIX)/share/man/man1/powers.1
	install -m 644 completion/powers.bash \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/powers

clean:
	rm -rf $(BUILD) $(PROG) demo.db demo.db-wal demo.db-shm demo.db-journal tests/out

.PHONY: all check demo deps install clean schema bench bench-10m bench-peak pot FORCE
FORCE:

# ---- Reliability: crash trials, fault injection, fuzzing, coverage ----
#
#   make crash-test     SIGKILL at random points of import, delegate, export,
#                       migrate and init, CRASH_TRIALS trials (tests/crash/)
#   make fault          fail each allocation, write and sync in turn
#                       (tests/fault/); 'make check' runs a sample
#   make fuzz           each libFuzzer harness for FUZZ_SECONDS (clang)
#   make fuzz-replay    the seed corpus and every past crasher, without
#                       libFuzzer (tests/fuzz/); part of 'make check'
#   make coverage       branch coverage per file, from a --coverage build
#                       in build/cov running what 'make check' runs (and
#                       every fault loop)

FUZZ_HARNESSES = decode csvin import delegate verify
FUZZ_SECONDS ?= 60
CRASH_TRIALS ?= 105
FUZZ_REPLAY = $(patsubst %,$(BUILD)/fuzz/replay_%,$(FUZZ_HARNESSES))
# What each harness replays ($$h: its name): its seeds, the bad files, and
# every input that ever crashed it.
FUZZ_CORPUS = tests/fuzz/corpus/$$h tests/fuzz/crashers/$$h \
	$$(case $$h in csvin|import) echo tests/cli/bad tests/bad2;; delegate) echo tests/bad2;; esac)
# The fault test's allocator hook for the C library calls of src/.
FAULT_WRAP = -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=strndup

$(BUILD)/fuzz/%.o: tests/fuzz/%.c tests/fuzz/fuzzutil.h $(HEADERS) $(BUILD)/flags $(BUILD)/pkg-cflags
	@mkdir -p $(BUILD)/fuzz
	$(CC) $(ALL_CFLAGS) -Itests/fuzz $$(cat $(BUILD)/pkg-cflags) -c -o $@ $<

$(BUILD)/fuzz/replay_%: $(BUILD)/fuzz/fuzz_%.o $(BUILD)/fuzz/replay.o $(BUILD)/fuzz/fuzzutil.o $(TEST_LIB_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS) $$(cat $(BUILD)/pkg-libs)

$(BUILD)/fuzz/lf_%: $(BUILD)/fuzz/fuzz_%.o $(BUILD)/fuzz/fuzzutil.o $(TEST_LIB_OBJ)
	$(CC) $(LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(LIBS) $$(cat $(BUILD)/pkg-libs)

$(BUILD)/fault: tests/fault/fault.c $(BUILD)/fuzz/fuzzutil.o $(TEST_LIB_OBJ) $(HEADERS) $(BUILD)/flags $(BUILD)/pkg-cflags
	$(CC) $(ALL_CFLAGS) -Itests/fuzz $$(cat $(BUILD)/pkg-cflags) $(LDFLAGS) $(FAULT_WRAP) \
		-o $@ tests/fault/fault.c $(BUILD)/fuzz/fuzzutil.o $(TEST_LIB_OBJ) $(LIBS) $$(cat $(BUILD)/pkg-libs)

crash-test: $(TEST_PROG)
	sh tests/crash/crash.sh $(TEST_PROG) $(CRASH_TRIALS)

fault: $(BUILD)/fault
	$(BUILD)/fault

fuzz-replay: $(FUZZ_REPLAY)
	@for h in $(FUZZ_HARNESSES); do \
		$(BUILD)/fuzz/replay_$$h $(FUZZ_CORPUS) || exit 1; \
	done

# What 'make check' adds: a sample of the fault loops, the corpus and the
# crashers, 12 crash trials (init's are left to crash-test) and the
# concurrency test.
check-reliability: $(TEST_PROG) $(BUILD)/fault fuzz-replay
	$(BUILD)/fault --quick
	sh tests/crash/crash.sh $(TEST_PROG) 14 'import delegate export migrate init'
	sh tests/crash/concurrency.sh $(TEST_PROG)

fuzz:
	@sh tools/deps fuzz
	@$(MAKE) --no-print-directory BUILD=build/libfuzzer CC=clang \
		CFLAGS='-O1 -g -fsanitize=fuzzer-no-link' SANITIZE=address,undefined \
		$(patsubst %,build/libfuzzer/fuzz/lf_%,$(FUZZ_HARNESSES))
	sh tests/fuzz/run.sh build/libfuzzer/fuzz $(FUZZ_SECONDS) $(FUZZ_HARNESSES)

coverage: deps
	@$(MAKE) --no-print-directory BUILD=build/cov PROG=build/cov/powers \
		CFLAGS='-O0 -g --coverage' LDFLAGS=--coverage SANITIZE= \
		build/cov/powers build/cov/test/powers build/cov/check_runner build/cov/fault \
		$(patsubst %,build/cov/fuzz/replay_%,$(FUZZ_HARNESSES))
	find build/cov -name '*.gcda' -delete
	-build/cov/check_runner
	-sh tests/cli/run.sh build/cov/powers build/cov/test/powers
	-build/cov/fault
	-@for h in $(FUZZ_HARNESSES); do \
		build/cov/fuzz/replay_$$h $(FUZZ_CORPUS); \
	done
	@sh tests/coverage/report.sh build/cov

.PRECIOUS: $(BUILD)/fuzz/%.o
.PHONY: crash-test fault fuzz fuzz-replay check-reliability coverage
