#ifndef I18N_H
#define I18N_H

/*
 * Translation of what powers says to people, by GNU gettext (glibc's
 * <libintl.h>): _("...") for a string used where it is written,
 * N_("...") for one in a static table, translated with _() where it is
 * printed.  Both mark their strings for xgettext (make pot).  In the
 * rules layer so that every layer may include it; main() binds the text
 * domain, so a program that never does (the tests, the fuzzers) speaks
 * English.  gettext() is declared with format_arg, so -Wformat still
 * checks _("%s") against its arguments.
 */
#include <libintl.h>
#include <string.h>

#define _(s)	gettext(s)
#define N_(s)	(s)
/*
 * S in the context CTX, marked for a static table: the msgid is
 * "CTX\004S", as msgctxt makes it; translate it with gettext() and take
 * S itself when gettext() hands the msgid back (no translation).
 */
#define NC_(ctx, s)	ctx "\004" s

/*
 * NAME in context CTX, looked up in TABLE (N entries, each NC_(CTX, ...)):
 * the entry's translation, or NAME when no entry is NAME or it has none.
 */
static inline const char *
gettext_in(const char *const *table, size_t n, const char *ctx,
    const char *name)
{
	size_t i, skip = strlen(ctx) + 1;
	const char *t;

	for (i = 0; i < n; i++)
		if (strcmp(table[i] + skip, name) == 0) {
			t = gettext(table[i]);
			return t == table[i] ? name : t;
		}
	return name;
}

#endif
