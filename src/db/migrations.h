#ifndef MIGRATIONS_H
#define MIGRATIONS_H

/*
 * The schema's migrations, embedded from migrations/NNNN_name.sql by
 * tools/embed.c.  Sorted by number; migration N applies when the registry's
 * user_version is below N.
 */
struct migration {
	int		 number;
	const char	*name;	/* "0001_create_units", no ".sql" */
	const char	*sql;	/* NUL-terminated */
};

extern const struct migration migrations[];
extern const int migrations_count;

#endif
