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

/* A name a unit bore before a rename. */
struct former_name {
	char		*name;
	char		*code;
};

struct refs {
	struct unit_info	*units;		/* sorted by code */
	size_t			 nunits, unitcap;
	struct unit_info	**by_name;	/* sorted by name */
	struct category_info	*categories;
	size_t			 ncategories, categorycap;
	struct former_name	*formers;
	size_t			 nformers, formercap;
};

/* Add a unit (copied); call refs_sort() after the last.  0 or -1. */
int	refs_add_unit(struct refs *, const char *code, const char *name,
	    enum unit_kind kind);
/*
 * The unit whose code is CODE (never a name), or NULL.  Linear: it may be
 * asked before refs_sort(), while a units file is read.
 */
const struct unit_info	*refs_unit_by_code(const struct refs *,
			    const char *code);
/* Replace the name and kind of unit CODE, or add it; then refs_sort(). */
int	refs_set_unit(struct refs *, const char *code, const char *name,
	    enum unit_kind kind);
int	refs_add_category(struct refs *, const char *code, const char *name);
/* Add a name unit CODE bore before a rename (copied).  0 or -1. */
int	refs_add_former(struct refs *, const char *name, const char *code);
/*
 * The code of the one unit that bore NAME before a rename, for a message:
 * NULL when none did, or when several did.
 */
const char	*refs_former(const struct refs *, const char *name);
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

/*
 * What a message offers for a REF that names nothing: the units of KINDS
 * (a mask of 1 << enum unit_kind) nearest to it, at most
 * REFS_SUGGEST_MAX, written into BUF (SIZE bytes) as "'住房和城乡建设局'
 * (XQ06)" joined by ", " and " or ".  First the names that hold REF, that
 * REF holds, or that hold REF's characters in order (住建局 in
 * 住房和城乡建设局), then those a few characters away from REF, by name
 * or by code.  Returns how many; BUF is "" for none.
 */
#define REFS_SUGGEST_MAX	5
int	refs_suggest_unit(const struct refs *, const char *ref, unsigned kinds,
	    char *buf, size_t size);
/*
 * The units named NAME, as "JZ90 (street_town), JZ91 (street_town)", into
 * BUF (SIZE bytes); returns how many.
 */
int	refs_units_named(const struct refs *, const char *name, char *buf,
	    size_t size);
/* The categories nearest to REF by name, as "01 行政许可"; how many. */
int	refs_suggest_category(const struct refs *, const char *ref, char *buf,
	    size_t size);
/* Every category, as "01 行政许可, 02 行政处罚, ...", into BUF. */
void	refs_list_categories(const struct refs *, char *buf, size_t size);

/* The words parse_kind() takes, for a message. */
#define KIND_WORDS	"new_area (新区), department (部门), new_city (新城) " \
			"or street_town (街镇)"

/* Parsers of the words a spreadsheet may use; 0, or -1 when unknown. */
int		 parse_kind(const char *s, enum unit_kind *kind);
const char	*kind_name(enum unit_kind);
/* The kind as a message names it: translated (街镇), else kind_name(). */
const char	*kind_word(enum unit_kind);
/* "economic" or "social"; NULL when S names neither.  "" is economic. */
const char	*parse_class(const char *s);

#endif
