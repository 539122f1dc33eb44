/*
 * db_verify() on an empty registry: a bad head refused before anything is
 * read, an empty log that holds no expected head is damage.
 */
#include <check.h>
#include <string.h>

#include "db.h"
#include "testutil.h"

struct seen {
	int	n;
	char	last[1024];
};

static void
note(const char *msg, void *arg)
{
	struct seen *s = arg;

	s->n++;
	strncpy(s->last, msg, sizeof(s->last) - 1);
}

START_TEST(test_empty_registry_ok)
{
	struct db *db = tu_fresh_registry();
	struct seen s = { 0, "" };
	long long entries = -1;

	ck_assert_int_eq(db_verify(db, NULL, note, &s, &entries), DB_OK);
	ck_assert_int_eq(s.n, 0);
	ck_assert_int_eq(entries, 0);
	db_close(db);
}
END_TEST

START_TEST(test_bad_head)
{
	struct db *db = tu_fresh_registry();
	struct seen s = { 0, "" };
	long long entries = -1;

	ck_assert_int_ne(db_verify(db, "xyz", note, &s, &entries), DB_OK);
	ck_assert_int_ne(db_verify(db, "xyz", note, &s, &entries), DB_DAMAGED);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "bad head 'xyz'"));
	ck_assert_int_eq(s.n, 0);
	ck_assert_int_eq(entries, 0);
	db_close(db);
}
END_TEST

START_TEST(test_head_not_in_empty_log)
{
	static const char head[] =
	    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
	struct db *db = tu_fresh_registry();
	struct seen s = { 0, "" };
	long long entries = -1;

	ck_assert_int_eq(db_verify(db, head, note, &s, &entries), DB_DAMAGED);
	ck_assert_int_eq(s.n, 1);
	ck_assert_ptr_nonnull(strstr(s.last, "holds no state with head"));
	ck_assert_ptr_nonnull(strstr(s.last, head));
	db_close(db);
}
END_TEST

Suite *
verify_suite(void)
{
	Suite *s = suite_create("verify");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_empty_registry_ok);
	tcase_add_test(tc, test_bad_head);
	tcase_add_test(tc, test_head_not_in_empty_log);
	suite_add_tcase(s, tc);
	return s;
}
