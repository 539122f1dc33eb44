#ifndef LABELS_H
#define LABELS_H

/*
 * The Chinese a person reads for the registry's names: the headings of the
 * columns its queries give, and its coded values (modes, kinds, levels,
 * classes).  The one home of these tables: html.c and 'export --labels zh'
 * both read them.  What a clerk's file calls a column (事项编码 ...) is the
 * same as what the import reads (sheet.c), so that an export in Chinese
 * imports back.
 */
#include <stddef.h>

/* The heading of column NAME in Chinese; NAME itself when there is none. */
const char	*label_column(const char *name);
/*
 * VALUE of COLUMN as a person reads it: for a coded column each item of a
 * list ("delegate;entrust") in Chinese, joined by SEP; any other value as
 * it is.  Returns VALUE itself when nothing changes, else a copy into
 * *COPY, which the caller frees; NULL for want of memory.  VALUE may be
 * NULL (NULL is returned).
 */
const char	*label_value(const char *column, const char *value,
		    const char *sep, char **copy);

#endif
