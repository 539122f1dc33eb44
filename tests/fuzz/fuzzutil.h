#ifndef FUZZUTIL_H
#define FUZZUTIL_H

#include <stddef.h>
#include <stdint.h>

/*
 * What the fuzz harnesses (tests/fuzz/fuzz_*.c) share: running a command
 * as main() would, scratch files on tmpfs, and registries built from the
 * fixtures.  The harnesses are linked either with libFuzzer (make fuzz) or
 * with replay.c's main(), which feeds them the corpus (make check).
 */

/* The harness entry point, as libFuzzer calls it. */
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Once per process: commands print nothing (stdout and stderr go to
 * /dev/null at the stdio level, so that sanitizer reports, written to file
 * descriptor 2, still show), $POWERS_NOW is fixed, and a scratch folder is
 * made.  Returns the scratch folder (static storage).
 */
const char	*fu_init(void);

/* The repository's top folder: $POWERS_TOP, else ".". */
const char	*fu_top(void);

/* Write LEN bytes to PATH, replacing it; aborts on error. */
void	fu_write(const char *path, const void *data, size_t len);
/* Copy the registry SRC to DST, removing DST's -wal and -shm; aborts on error. */
void	fu_copy_registry(const char *src, const char *dst);
/* Read a whole file into a buffer the caller frees; aborts on error. */
unsigned char	*fu_read(const char *path, size_t *len);

/*
 * Run the command NAME ("init", "unit import", "import", "delegate") on the
 * registry DB with the NULL-terminated arguments after it, as main() does
 * (cmd_run()).  Returns its exit status.
 */
int	fu_run(const char *db, const char *name, ...);

/* A registry at PATH: init, then each non-NULL file imported.  Aborts on failure. */
void	fu_make_registry(const char *path, const char *units,
	    const char *powers, const char *delegations);

/*
 * db_verify() on the registry at PATH: returns DB_OK, DB_DAMAGED or a
 * negative DB_* error (db_open() failing included).
 */
int	fu_verify(const char *path);

/*
 * A cheap fingerprint of what a command may write: the log's head, the
 * count of import runs and the row counts of the tables, into OUT (256
 * bytes).  Two equal fingerprints mean nothing was written.  Returns 0, or
 * -1 when the registry cannot be read.
 */
int	fu_fingerprint(const char *path, char out[256]);

/* Abort with a message: the fuzzer records the input as a crash. */
void	fu_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
