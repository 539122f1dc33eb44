/*
 * Fuzz 'delegate --csv': the input is a clerk's delegations file, recorded
 * into a registry (on tmpfs) that holds the fixture units and powers and
 * the first entries of the fixture log, through cmd_delegate().
 *
 * Checked: the exit status is 0 or 3; a refused file writes nothing; an
 * accepted one leaves a registry that 'verify' passes (its chain, and its
 * grants equal to a replay of the log).  After an accepted file the
 * registry is put back as it was.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "fuzzutil.h"

/* Entries of fixtures/delegations.csv already in the registry. */
#define LOGGED_LINES	400

static char input[300], work[300], base[300];
static char base_print[256];

static void
setup(void)
{
	const char *dir = fu_init();
	char units[512], powers[512], path[512], part[512];
	unsigned char *buf;
	size_t len, i, lines = 0;

	snprintf(input, sizeof(input), "%s/input.csv", dir);
	snprintf(work, sizeof(work), "%s/work.db", dir);
	snprintf(base, sizeof(base), "%s/base.db", dir);
	snprintf(units, sizeof(units), "%s/fixtures/units.csv", fu_top());
	snprintf(powers, sizeof(powers), "%s/fixtures/powers.csv", fu_top());
	snprintf(path, sizeof(path), "%s/fixtures/delegations.csv", fu_top());
	snprintf(part, sizeof(part), "%s/logged.csv", dir);
	buf = fu_read(path, &len);
	for (i = 0; i < len && lines <= LOGGED_LINES; i++)
		if (buf[i] == '\n')
			lines++;
	fu_write(part, buf, i);
	free(buf);
	fu_make_registry(base, units, powers, part);
	if (fu_fingerprint(base, base_print) != 0)
		fu_die("cannot read %s", base);
	fu_copy_registry(base, work);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char print[256];
	int st, rc;

	if (input[0] == '\0')
		setup();
	fu_write(input, data, size);
	st = fu_run(work, "delegate", "--csv", input, NULL);
	if (st != 0 && st != 3)
		fu_die("delegate: exit %d", st);
	if (st == 0) {
		if ((rc = fu_verify(work)) != DB_OK)
			fu_die("delegate: accepted, then verify says %d", rc);
		fu_copy_registry(base, work);
		return 0;
	}
	if (fu_fingerprint(work, print) != 0 || strcmp(print, base_print) != 0)
		fu_die("delegate: refused, yet the registry changed: '%s', was "
		    "'%s'", print, base_print);
	return 0;
}
