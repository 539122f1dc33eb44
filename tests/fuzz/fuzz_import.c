/*
 * Fuzz 'import' and 'unit import': the input is a clerk's file, imported
 * into a registry (on tmpfs) that holds the fixture units and powers,
 * through the command functions main() calls.
 *
 * Checked: the exit status is 0 or 3 (the file's content is all the
 * fuzzer controls: anything else is a bug); a refused file writes nothing;
 * an accepted one leaves a registry that 'verify' passes.  After an
 * accepted file the registry is put back as it was.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "fuzzutil.h"

static char input[300], work[300], base[300];
static char base_print[256];

static void
setup(void)
{
	const char *dir = fu_init();
	char units[512], powers[512];

	snprintf(input, sizeof(input), "%s/input.csv", dir);
	snprintf(work, sizeof(work), "%s/work.db", dir);
	snprintf(base, sizeof(base), "%s/base.db", dir);
	snprintf(units, sizeof(units), "%s/fixtures/units.csv", fu_top());
	snprintf(powers, sizeof(powers), "%s/fixtures/powers.csv", fu_top());
	fu_make_registry(base, units, powers, NULL);
	if (fu_fingerprint(base, base_print) != 0)
		fu_die("cannot read %s", base);
	fu_copy_registry(base, work);
}

static void
try(const char *cmd)
{
	char print[256];
	int st, rc;

	st = fu_run(work, cmd, input, NULL);
	if (st != 0 && st != 3)
		fu_die("%s: exit %d", cmd, st);
	if (st == 0) {
		if ((rc = fu_verify(work)) != DB_OK)
			fu_die("%s: accepted, then verify says %d", cmd, rc);
		fu_copy_registry(base, work);
		return;
	}
	if (fu_fingerprint(work, print) != 0 || strcmp(print, base_print) != 0)
		fu_die("%s: refused, yet the registry changed: '%s', was '%s'",
		    cmd, print, base_print);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (input[0] == '\0')
		setup();
	fu_write(input, data, size);
	try("import");
	try("unit import");
	return 0;
}
