/*
 * What every command shares: the global options, the mapping of results
 * onto exit statuses, opening the registry, and the parsers of the
 * arguments several commands take (formats, dates, units).
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "db.h"
#include "replay.h"

struct globals globals = {
	.timeout_ms = 5000,
};
const struct cmd *current_cmd;

int
cmd_usage(const struct cmd *cmd, int help)
{
	fprintf(help ? stdout : stderr, "usage: powers %s\n", cmd->usage);
	if (help && cmd->details != NULL)
		printf("\n%s", cmd->details);
	return help ? EXIT_DONE : EXIT_USAGE;
}

int
cmd_db_status(int rc)
{
	switch (rc) {
	case DB_OK:
		return EXIT_DONE;
	case DB_BUSY:
		return EXIT_BUSY;
	case DB_REJECT:
		return EXIT_INPUT;
	case DB_DAMAGED:
		return EXIT_CHECK;
	default:
		return EXIT_FAIL;
	}
}

int
cmd_parse_format(const char *name, enum out_format *format)
{
	if (out_format_parse(name, format) == 0)
		return 0;
	warnx("%s: unknown format '%s'", current_cmd->name, name);
	return -1;
}

int
cmd_parse_date(const char *opt, const char *s, char out[11])
{
	char why[512];

	if (parse_date(s, out) == 0)
		return 0;
	date_error(opt, s, 0, why, sizeof(why));
	warnx("%s: %s", current_cmd->name, why);
	return -1;
}

int
cmd_today(struct db *db, char out[11])
{
	int rc;

	if (out[0] != '\0' || (rc = db_today(db, out)) == DB_OK)
		return -1;
	warnx("%s: %s", current_cmd->name, db_errmsg(db));
	return cmd_db_status(rc);
}

/* Units named in a message as they come: "NAME (CODE, KIND), ...". */
struct unit_list {
	FILE	*fp;		/* open_memstream(); NULL when out of memory */
	int	 n;
};

static void
unit_list_add(void *arg, const char *code, const char *name,
    const char *kind)
{
	struct unit_list *l = arg;

	if (l->fp != NULL)
		fprintf(l->fp, "%s%s (%s, %s)", l->n > 0 ? ", " : "", name, code,
		    kind);
	l->n++;
}

/*
 * Resolve REF to a unit of one of the kinds in WANT (a comma list);
 * CODE gets its code.  A name that several units bear is never guessed:
 * each is named with its code.  An unknown REF is an error when
 * UNKNOWN_IS_ERROR is set, else CODE gets "".
 * Returns -1 to go on, else the exit status.
 */
static int
resolve_unit(struct db *db, const char *opt, const char *ref,
    const char *want, char *code, int unknown_is_error)
{
	enum { NEAR = 5 };	/* units suggested for an unknown one */
	struct unit_list l = { NULL, 0 };
	char kind[64], *text = NULL;
	size_t len = 0;
	int rc, status = -1, total = 0, unknown;

	l.fp = open_memstream(&text, &len);
	rc = db_unit_lookup(db, ref, code, kind, unit_list_add, &l);
	if ((unknown = rc == DB_REJECT) && unknown_is_error)
		rc = db_unit_near(db, ref, NEAR, unit_list_add, &l, &total);
	if (l.fp != NULL && fclose(l.fp) != 0) {
		free(text);
		text = NULL;
	}
	if (rc == DB_AMBIGUOUS) {
		warnx("%s: %s '%s' names several units: %s: give the code",
		    current_cmd->name, opt, ref, text ? text : "(out of memory)");
		status = EXIT_USAGE;
	} else if (unknown && !unknown_is_error) {
		*code = '\0';
	} else if (rc != DB_OK) {
		warnx("%s: %s", current_cmd->name, db_errmsg(db));
		status = cmd_db_status(rc);
	} else if (unknown) {
		if (total > 0 && text != NULL && total > NEAR)
			warnx("%s: %s: unknown unit '%s': did you mean %s (or %d "
			    "more)?", current_cmd->name, opt, ref, text,
			    total - NEAR);
		else if (total > 0 && text != NULL)
			warnx("%s: %s: unknown unit '%s': did you mean %s?",
			    current_cmd->name, opt, ref, text);
		else
			warnx("%s: %s: unknown unit '%s'", current_cmd->name,
			    opt, ref);
		status = EXIT_USAGE;
	} else if (want != NULL && strstr(want, kind) == NULL) {
		warnx("%s: %s: '%s' is a %s, not a %s%s", current_cmd->name, opt,
		    ref, kind, want, strcmp(kind, "department") == 0 ?
		    " (use --department)" : "");
		status = EXIT_USAGE;
	}
	free(text);
	return status;
}

int
cmd_resolve_unit(struct db *db, const char *opt, const char *ref,
    const char *want, char *code)
{
	return resolve_unit(db, opt, ref, want, code, 1);
}

int
cmd_unit_unambiguous(struct db *db, const char *opt, const char *ref,
    char *code)
{
	return resolve_unit(db, opt, ref, NULL, code, 0);
}

/* The registry the running command opened, for cmd_close(). */
static struct db *registry;

struct db *
cmd_open(int *status)
{
	int rc;

	rc = db_open(&registry, globals.db_path, current_cmd->open == OPEN_RO ?
	    DB_READ : DB_WRITE, globals.timeout_ms);
	if (rc != DB_OK) {
		warnx("%s", db_errmsg(registry));
		cmd_close();
		*status = cmd_db_status(rc);
		return NULL;
	}
	return registry;
}

void
cmd_close(void)
{
	db_close(registry);
	registry = NULL;
}
