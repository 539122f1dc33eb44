/*
 * powers: a registry of the powers a government level holds and hands down.
 *
 * Global options and dispatch.  The command table is in cmd.c, each
 * command in src/cmd_<name>.c; cmd_run() opens the registry as the table
 * says and runs the command, and main() checks that stdout was really
 * written.
 */
#include <err.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "i18n.h"
#include "opt.h"
#include "text.h"

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

static int	by_given, version;

static int
opt_by(const struct opt *o, const char *arg)
{
	(void)o;
	/* The default, $USER, is set before parsing. */
	if (arg != NULL) {
		globals.by = text_trim_arg((char *)arg);
		by_given = 1;
	}
	return 0;
}

/* --version prints at once, as it comes, and stops the parse. */
static int
opt_version(const struct opt *o, const char *arg)
{
	(void)o;
	if (arg == NULL)
		return 0;
	printf("powers %s\n", POWERS_VERSION);
	version = 1;
	return -1;
}

static int
opt_timeout(const struct opt *o, const char *arg)
{
	char *end;
	double secs;

	(void)o;
	if (arg == NULL)
		return 0;
	secs = strtod(arg, &end);
	if (*arg == '\0' || *end != '\0' || secs < 0 || secs > 86400) {
		warnx(_("bad --timeout '%s': seconds expected"), arg);
		return -1;
	}
	globals.timeout_ms = (int)(secs * 1000);
	return 0;
}

static const struct opt global_opts[] = {
	OPT_STRING("db", 0, "FILE", N_("the registry"), &globals.db_path),
	OPT_BOOL("quiet", 'q', N_("print nothing but errors"), &globals.quiet),
	OPT_CALLBACK("by", 0, "NAME", N_("the operator recorded; default $USER"),
	    NULL, opt_by),
	OPT_CALLBACK("timeout", 0, "SECONDS", N_("wait that long for a locked "
	    "registry; default 5"), NULL, opt_timeout),
	OPT_BOOL("after-last-record", 0, N_("when this clock is behind the "
	    "registry's last record, record at that record's time"),
	    &globals.after_last),
	OPT_CALLBACK("version", 0, NULL, N_("print the version and exit"), NULL,
	    opt_version),
	OPT_END
};

static void
usage_all(FILE *fp)
{
	fprintf(fp, _("usage: powers [--db FILE] [-q] [--by NAME] "
	    "[--timeout SECONDS] COMMAND [ARGS]\n"
	    "       powers --version | --help\n\n"
	    "The registry is --db FILE, else $POWERS_DB, else ./powers.db\n"
	    "(a plain path, never a URI; symbolic links followed).\n\n"
	    "Options:\n"));
	opt_print_help(global_opts, fp);
	fprintf(fp, _("\nCommands:\n"));
	cmd_list_all(fp);
	fprintf(fp, _("\n'powers COMMAND --help' shows a command's options; "
	    "see also powers(1).\n"));
}

/* Flush stdout and report a failed write, so a full disk is not silence. */
static int
finish_stdout(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		warn(_("write error on standard output"));
		return status == EXIT_DONE ? EXIT_FAIL : status;
	}
	return status;
}

/*
 * Messages in the language of $LC_ALL, $LC_MESSAGES or $LANG (and
 * $LANGUAGE), from the catalogue under $POWERS_LOCALEDIR, else under
 * LOCALEDIR (the Makefile's, where make install puts it).  Only
 * LC_MESSAGES follows the environment: the other categories stay C, with
 * LC_CTYPE C.UTF-8, so that numbers, dates and sorting, and so every
 * file and every scheduled job's output, are the same in every language.
 * The catalogue is UTF-8 as everything powers writes.  A locale the
 * system lacks, or no catalogue, leaves the messages in English.
 */
static void
i18n_init(void)
{
	const char *dir = getenv("POWERS_LOCALEDIR");

	setlocale(LC_MESSAGES, "");
	bindtextdomain("powers", dir != NULL && *dir != '\0' ? dir : LOCALEDIR);
	bind_textdomain_codeset("powers", "UTF-8");
	textdomain("powers");
}

int
main(int argc, char **argv)
{
	const char *db_env;
	const struct cmd *cmd;
	char msg[768];
	int first, words;

	setlocale(LC_CTYPE, "C.UTF-8");
	i18n_init();
	db_env = getenv("POWERS_DB");
	globals.by = getenv("USER");
	switch (opt_parse(global_opts, argc, argv, OPT_STOP_AT_OPERAND,
	    &first)) {
	case OPT_OK:
		break;
	case OPT_HELP:
		usage_all(stdout);
		return finish_stdout(EXIT_DONE);
	case OPT_UNKNOWN:
		usage_all(stderr);
		return EXIT_USAGE;
	default:
		return version ? finish_stdout(EXIT_DONE) : EXIT_USAGE;
	}
	argc -= first;
	argv += first;
	if (argc == 0) {
		usage_all(stderr);
		return EXIT_USAGE;
	}
	if (globals.db_path == NULL)
		globals.db_path = db_env;
	if (globals.db_path == NULL || *globals.db_path == '\0')
		globals.db_path = "powers.db";
	if (by_given && *globals.by == '\0') {
		warnx(_("--by is empty: give the name of who records"));
		return EXIT_USAGE;
	}
	if (globals.by == NULL || *globals.by == '\0')
		globals.by = "unknown";
	/* The operator is recorded with every import and entry. */
	if (text_refusal(by_given ? "--by" : "$USER", globals.by,
	    strlen(globals.by), TEXT_LINE, msg, sizeof(msg)) != 0) {
		warnx("%s", msg);
		return EXIT_USAGE;
	}
	if ((cmd = cmd_find(argc, argv, &words)) == NULL) {
		warnx(_("unknown command '%s'"), argv[0]);
		usage_all(stderr);
		return EXIT_USAGE;
	}
	/* The command sees its last word as argv[0], as getopt expects. */
	return finish_stdout(cmd_run(cmd, argc - (words - 1),
	    argv + (words - 1)));
}
