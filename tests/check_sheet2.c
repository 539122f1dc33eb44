/*
 * The options every import takes (sheet_options): each sets what it
 * names, the FILE operand is required, a bad delimiter is a usage error.
 */
#include <check.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "sheet.h"
#include "testutil.h"

static const struct cmd opts_cmd = { "import", NULL, OPEN_NONE, "", "", NULL };

/* Run sheet_options over the NULL-terminated ARGV. */
static int
parse(char **argv, struct sheet_opts *o)
{
	int argc = 0;

	while (argv[argc] != NULL)
		argc++;
	current_cmd = &opts_cmd;
	optind = 0;		/* glibc: start over */
	opterr = 0;
	return sheet_options(argc, argv, o);
}

START_TEST(test_every_option)
{
	char a0[] = "import", a1[] = "-n", a2[] = "--encoding=GB18030",
	    a3[] = "--delimiter", a4[] = "tab", a5[] = "--ignore-unknown",
	    a6[] = "-q", a7[] = "file.csv";
	char *argv[] = { a0, a1, a2, a3, a4, a5, a6, a7, NULL };
	struct sheet_opts o;
	int quiet = globals.quiet;

	globals.quiet = 0;
	ck_assert_int_eq(parse(argv, &o), -1);
	ck_assert_int_eq(o.dry_run, 1);
	ck_assert_int_eq(o.ignore_unknown, 1);
	ck_assert_str_eq(o.encoding, "GB18030");
	ck_assert_int_eq(o.delimiter, '\t');
	ck_assert_str_eq(o.file, "file.csv");
	ck_assert_int_eq(globals.quiet, 1);
	globals.quiet = quiet;
}
END_TEST

START_TEST(test_defaults)
{
	char a0[] = "import", a1[] = "f.csv";
	char *argv[] = { a0, a1, NULL };
	struct sheet_opts o;

	ck_assert_int_eq(parse(argv, &o), -1);
	ck_assert_int_eq(o.dry_run, 0);
	ck_assert_int_eq(o.ignore_unknown, 0);
	ck_assert_ptr_null(o.encoding);
	ck_assert_int_eq(o.delimiter, 0);
	ck_assert_str_eq(o.file, "f.csv");
}
END_TEST

START_TEST(test_bad_delimiter)
{
	char a0[] = "import", a1[] = "--delimiter=pipe", a2[] = "f.csv";
	char *argv[] = { a0, a1, a2, NULL };
	struct sheet_opts o;

	ck_assert_int_eq(parse(argv, &o), EXIT_USAGE);
}
END_TEST

START_TEST(test_no_file)
{
	char a0[] = "import", a1[] = "-n";
	char *argv[] = { a0, a1, NULL };
	struct sheet_opts o;

	ck_assert_int_eq(parse(argv, &o), EXIT_USAGE);
}
END_TEST

START_TEST(test_unknown_option)
{
	char a0[] = "import", a1[] = "--frobnicate", a2[] = "f.csv";
	char *argv[] = { a0, a1, a2, NULL };
	struct sheet_opts o;

	ck_assert_int_eq(parse(argv, &o), EXIT_USAGE);
}
END_TEST

START_TEST(test_delimiters)
{
	ck_assert_int_eq(sheet_parse_delimiter("comma"), ',');
	ck_assert_int_eq(sheet_parse_delimiter(","), ',');
	ck_assert_int_eq(sheet_parse_delimiter("tab"), '\t');
	ck_assert_int_eq(sheet_parse_delimiter("semicolon"), ';');
	ck_assert_int_eq(sheet_parse_delimiter(";"), ';');
	ck_assert_int_eq(sheet_parse_delimiter("|"), -1);
	ck_assert_int_eq(sheet_parse_delimiter(""), -1);
}
END_TEST

static void
quiet_stderr(void)
{
	/* Usage messages: not for the test's output. */
	ck_assert_ptr_nonnull(freopen("/dev/null", "w", stderr));
}

Suite *
sheet2_suite(void)
{
	Suite *s = suite_create("sheet2");
	TCase *tc = tcase_create("options");

	tcase_add_checked_fixture(tc, quiet_stderr, NULL);
	tcase_add_test(tc, test_every_option);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_bad_delimiter);
	tcase_add_test(tc, test_no_file);
	tcase_add_test(tc, test_unknown_option);
	tcase_add_test(tc, test_delimiters);
	suite_add_tcase(s, tc);
	return s;
}
