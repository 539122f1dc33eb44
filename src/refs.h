#ifndef REFS_H
#define REFS_H

#include <stddef.h>

/*
 * The reference data a row is checked against: units and categories,
 * loaded once per import from the registry (db_refs_load()), looked up in
 * memory for every row.
 */

enum unit_kind {
	KIND_NEW_AREA,
	KIND_DEPARTMENT,
	KIND_NEW_CITY,
	KIND_STREET_TOWN
};

struct unit_info {
	char		*code;
	char		*name;
	enum unit_kind	 kind;
};

struct category_info {
	char		*code;	/* "01" */
	char		*name;	/* "行政许可" */
};

struct refs {
	struct unit_info	*units;		/* sorted by code */
	size_t			 nunits;
	struct unit_info	**by_name;	/* sorted by name */
	struct category_info	*categories;
	size_t			 ncategories;
};

/* Add a unit (copied); call refs_sort() after the last.  0 or -1. */
int	refs_add_unit(struct refs *, const char *code, const char *name,
	    enum unit_kind kind);
/* Replace the name and kind of unit CODE, or add it; then refs_sort(). */
int	refs_set_unit(struct refs *, const char *code, const char *name,
	    enum unit_kind kind);
int	refs_add_category(struct refs *, const char *code, const char *name);
int	refs_sort(struct refs *);
void	refs_free(struct refs *);

/*
 * The unit REF names: a code, else an exact name.  NULL when none does;
 * *AMBIGUOUS (may be NULL) is set when REF is no code and the name of
 * several units.
 */
const struct unit_info	*refs_unit(const struct refs *, const char *ref,
			    int *ambiguous);
/* The only unit of KIND, or NULL when there is none or several. */
const struct unit_info	*refs_only_unit(const struct refs *, enum unit_kind);

/*
 * The category REF names: its code ("01", or "1" as Excel leaves it), or
 * its name.  NULL when none.
 */
const struct category_info *refs_category(const struct refs *, const char *ref);

/* Parsers of the words a spreadsheet may use; 0, or -1 when unknown. */
int		 parse_kind(const char *s, enum unit_kind *kind);
const char	*kind_name(enum unit_kind);
/* "economic" or "social"; NULL when S names neither.  "" is economic. */
const char	*parse_class(const char *s);

#endif
