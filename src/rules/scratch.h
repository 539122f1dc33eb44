#ifndef SCRATCH_H
#define SCRATCH_H

/*
 * A scratch file: a new file in $TMPDIR (else /tmp), unlinked as soon as
 * it is made, so that nothing is left behind whatever ends the program.
 * For what would not fit the 32 MiB bound in memory: standard input
 * spooled for two passes, a table aligned over all its rows, a
 * workbook's shared strings.
 */

/*
 * The file's descriptor, open for reading and writing, named
 * powers-WHAT.XXXXXX while it is made; -1 with errno set (ENAMETOOLONG
 * for a $TMPDIR too long).  DIR, when not NULL, gets the folder tried,
 * for a message.
 */
int	scratch_open(const char *what, const char **dir);

#endif
