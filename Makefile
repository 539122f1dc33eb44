# powers: a registry of delegated powers.  GNU make.
#
#   make            build ./powers
#   make check      install what is missing, build, run every test
#   make demo       install what is missing, build a registry from fixtures/
#   make SANITIZE=address,undefined check
#   make install    PREFIX=/usr/local DESTDIR=

PROG = powers
VERSION = 0.1.0
PREFIX ?= /usr/local
DESTDIR ?=
BUILD = build

CC ?= cc
CFLAGS ?= -O2 -g
WARNINGS = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wvla -Wwrite-strings
ifdef CI
WARNINGS += -Werror
endif
PKGS = sqlite3 libcrypto xlsxwriter
ALL_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
	-DPOWERS_VERSION='"$(VERSION)"' -Isrc -I$(BUILD) $(WARNINGS) $(CFLAGS)
LIBS = -lcsv
ifdef SANITIZE
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=$(SANITIZE)
endif

SRC = $(wildcard src/*.c)
LIB_OBJ = $(patsubst src/%.c,$(BUILD)/%.o,$(filter-out src/main.c,$(SRC))) \
	$(BUILD)/migrations.o
MIGRATIONS = $(sort $(wildcard migrations/*.sql))
TEST_SRC = $(wildcard tests/check_*.c)
TEST_OBJ = $(patsubst tests/%.c,$(BUILD)/tests/%.o,$(TEST_SRC))

all: $(PROG)

# Rebuild everything when the flags change, so that a sanitizer build never
# links against objects built without it (git's GIT-CFLAGS).
$(BUILD)/flags: FORCE
	@mkdir -p $(BUILD)/tests
	@echo '$(CC) $(ALL_CFLAGS) $(LDFLAGS)' | cmp -s - $@ || \
		echo '$(CC) $(ALL_CFLAGS) $(LDFLAGS)' > $@

$(BUILD)/pkg-cflags $(BUILD)/pkg-libs: $(BUILD)/flags
	@pkg-config --cflags $(PKGS) check > $(BUILD)/pkg-cflags
	@pkg-config --libs $(PKGS) > $(BUILD)/pkg-libs
	@pkg-config --libs check > $(BUILD)/pkg-check-libs

$(BUILD)/%.o: src/%.c $(wildcard src/*.h) $(BUILD)/flags $(BUILD)/pkg-cflags
	$(CC) $(ALL_CFLAGS) $$(cat $(BUILD)/pkg-cflags) -c -o $@ $<

# Migrations are embedded as byte arrays (string literals over 4095 bytes
# are not portable C).
$(BUILD)/embed: tools/embed.c $(BUILD)/flags
	$(CC) -std=c11 -O1 -o $@ tools/embed.c

$(BUILD)/migrations.c: $(BUILD)/embed $(MIGRATIONS)
	$(BUILD)/embed $(MIGRATIONS) > $@.tmp && mv $@.tmp $@

$(BUILD)/migrations.o: $(BUILD)/migrations.c src/migrations.h
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(PROG): $(BUILD)/main.o $(LIB_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS) $$(cat $(BUILD)/pkg-libs)

# The test runner finds the suites by their definitions: a line holding
# only 'NAME_suite(void)' in tests/check_*.c.
$(BUILD)/suites.h: $(TEST_SRC) $(BUILD)/flags
	sed -n 's/^\([a-z_0-9]*_suite\)(void)$$/SUITE(\1)/p' $(TEST_SRC) > $@

$(BUILD)/tests/%.o: tests/%.c tests/testutil.h $(BUILD)/suites.h $(wildcard src/*.h) $(BUILD)/flags $(BUILD)/pkg-cflags
	$(CC) $(ALL_CFLAGS) -Itests $$(cat $(BUILD)/pkg-cflags) -c -o $@ $<

$(BUILD)/tests/run.o: tests/run.c $(BUILD)/suites.h $(BUILD)/flags $(BUILD)/pkg-cflags
	$(CC) $(ALL_CFLAGS) -Itests $$(cat $(BUILD)/pkg-cflags) -c -o $@ $<

$(BUILD)/check_runner: $(BUILD)/tests/run.o $(BUILD)/tests/testutil.o $(TEST_OBJ) $(LIB_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS) $$(cat $(BUILD)/pkg-libs) $$(cat $(BUILD)/pkg-check-libs)

$(BUILD)/dumpschema: tools/dumpschema.c $(LIB_OBJ)
	$(CC) $(ALL_CFLAGS) $$(cat $(BUILD)/pkg-cflags) -o $@ $^ $(LIBS) $$(cat $(BUILD)/pkg-libs)

deps:
	@sh tools/deps

# schema/schema.sql is generated from the migrations; check_migrate fails
# when it is stale.
schema: $(BUILD)/dumpschema
	$(BUILD)/dumpschema > schema/schema.sql.tmp && mv schema/schema.sql.tmp schema/schema.sql

check: deps
	@$(MAKE) --no-print-directory $(PROG) $(BUILD)/check_runner
	$(BUILD)/check_runner
	sh tests/cli/run.sh ./$(PROG)

demo: deps
	@$(MAKE) --no-print-directory $(PROG)
	sh tools/demo ./$(PROG)

install: $(PROG)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 755 $(PROG) $(DESTDIR)$(PREFIX)/bin/$(PROG)
	install -m 644 doc/powers.1 $(DESTDIR)$(PREFIX)/share/man/man1/powers.1
	install -m 644 completion/powers.bash \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/powers

clean:
	rm -rf $(BUILD) $(PROG) demo.db demo.db-wal demo.db-shm tests/out

.PHONY: all check demo deps install clean schema FORCE
FORCE:
