/*
 * Options from one table per command: parsing by getopt_long, the lines
 * of --help.  See opt.h.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "opt.h"

#define OPT_MAX		40	/* options of one command, --help included */

/* TABLE with its OPT_INCLUDEs spliced in, into V; the count. */
static size_t
flatten(const struct opt *table, const struct opt **v, size_t n)
{
	for (; table->kind != OPTK_END && n < OPT_MAX - 1; table++)
		if (table->kind == OPTK_INCLUDE)
			n = flatten(table->sub, v, n);
		else
			v[n++] = table;
	return n;
}

static void
reset(const struct opt *o)
{
	switch (o->kind) {
	case OPTK_BOOL:
		*(int *)o->value = 0;
		break;
	case OPTK_STRING:
		*(const char **)o->value = NULL;
		break;
	case OPTK_CALLBACK:
		(void)o->fn(o, NULL);
		break;
	default:
		break;
	}
}

/* Give O its argument ARG (NULL for a flag); 0, or -1 when bad. */
static int
take(const struct opt *o, const char *arg)
{
	switch (o->kind) {
	case OPTK_BOOL:
		*(int *)o->value = 1;
		return 0;
	case OPTK_STRING:
		*(const char **)o->value = arg;
		return 0;
	case OPTK_CALLBACK:
		return o->fn(o, arg != NULL ? arg : "");
	default:
		return -1;
	}
}

enum opt_result
opt_parse(const struct opt *table, int argc, char **argv, int flags,
    int *first)
{
	const struct opt *v[OPT_MAX];
	struct option lo[OPT_MAX + 1];
	char shorts[2 * OPT_MAX + 4], *s = shorts;
	size_t i, n;
	int ch;

	n = flatten(table, v, 0);
	if (flags & OPT_STOP_AT_OPERAND)
		*s++ = '+';
	for (i = 0; i < n; i++) {
		reset(v[i]);
		lo[i].name = v[i]->name;
		lo[i].has_arg = v[i]->arg ? required_argument : no_argument;
		lo[i].flag = NULL;
		lo[i].val = 256 + (int)i;
		if (v[i]->short_name != 0) {
			*s++ = (char)v[i]->short_name;
			if (v[i]->arg != NULL)
				*s++ = ':';
		}
	}
	*s++ = 'h';
	*s = '\0';
	lo[n] = (struct option){ "help", no_argument, NULL, 'h' };
	lo[n + 1] = (struct option){ NULL, 0, NULL, 0 };
	optind = 0;		/* glibc: start over, permuting again */
	while ((ch = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		const struct opt *o = NULL;

		if (ch == 'h')
			return OPT_HELP;
		if (ch >= 256 && ch < 256 + (int)n)
			o = v[ch - 256];
		for (i = 0; o == NULL && i < n; i++)
			if (v[i]->short_name == ch)
				o = v[i];
		if (o == NULL)
			return OPT_UNKNOWN;
		if (take(o, o->arg ? optarg : NULL) != 0)
			return OPT_BAD;
	}
	*first = optind;
	return OPT_OK;
}

/* One line of --help: "  -f, --format F    what it does". */
static void
print_one(FILE *fp, int short_name, const char *name, const char *arg,
    const char *help)
{
	char left[64];

	snprintf(left, sizeof(left), "%c%c%c --%s%s%s",
	    short_name ? '-' : ' ', short_name ? short_name : ' ',
	    short_name ? ',' : ' ', name, arg ? " " : "", arg ? arg : "");
	if (strlen(left) <= 24)
		fprintf(fp, "  %-24s %s\n", left, help);
	else
		fprintf(fp, "  %s\n  %-24s %s\n", left, "", help);
}

void
opt_print_help(const struct opt *table, FILE *fp)
{
	const struct opt *v[OPT_MAX];
	size_t i, n;

	n = flatten(table, v, 0);
	for (i = 0; i < n; i++)
		print_one(fp, v[i]->short_name, v[i]->name, v[i]->arg,
		    _(v[i]->help));
	print_one(fp, 'h', "help", NULL, _("show this help and exit"));
}
