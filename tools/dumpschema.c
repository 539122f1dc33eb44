/*
 * dumpschema: print the schema the migrations build, for
 * schema/schema.sql ('make schema').
 */
#include <stdio.h>
#include <stdlib.h>

#include "db.h"

int
main(void)
{
	struct db *db = NULL;
	char *sql = NULL;
	int rc;

	rc = db_open(&db, ":memory:", DB_CREATE, 0);
	if (rc == DB_OK)
		rc = db_migrate(db, NULL, NULL);
	if (rc == DB_OK)
		rc = db_schema_dump(db, &sql);
	if (rc != DB_OK)
		fprintf(stderr, "dumpschema: %s\n", db_errmsg(db));
	else if (fputs(sql, stdout) == EOF || fflush(stdout) == EOF) {
		fprintf(stderr, "dumpschema: write failed\n");
		rc = DB_ERROR;
	}
	free(sql);
	db_close(db);
	return rc == DB_OK ? 0 : 1;
}
