/* toml_reader.c: the TOML subset — every value form, and every kind of
 * invalid input reported with its line number. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "config/toml.h"

static struct toml_table *parse(const char *text, struct buf *err)
{
	buf_init(err);
	return toml_parse(text, strlen(text), "t.toml", err);
}

static const struct toml_value *path(const struct toml_table *t, const char *a,
				     const char *b)
{
	const struct toml_value *v = toml_get(t, a);
	if (b && v && v->type == TOML_TABLE)
		v = toml_get(v->u.tab, b);
	return b && (!v) ? NULL : v;
}

Test(toml, strings_with_every_escape)
{
	struct buf err;
	struct toml_table *t = parse(
		"a = \"tab\\there\\n\\\"q\\\" \\\\ \\u00e9 \\U0001F600\"\n"
		"b = 'C:\\raw\\path'\n"
		"c = \"\"\"\nline1\nline2 \\\n   joined\"\"\"\n"
		"d = '''\nraw \\n ''quoted'' '''\n"
		"\"quoted key\" = \"x\"\n", &err);
	cr_assert_not_null(t, "%s", err.p);
	cr_assert_str_eq(toml_get(t, "a")->u.s, "tab\there\n\"q\" \\ \xc3\xa9 \xf0\x9f\x98\x80");
	cr_assert_str_eq(toml_get(t, "b")->u.s, "C:\\raw\\path");
	cr_assert_str_eq(toml_get(t, "c")->u.s, "line1\nline2 joined");
	cr_assert_str_eq(toml_get(t, "d")->u.s, "raw \\n ''quoted'' ");
	cr_assert_str_eq(toml_get(t, "quoted key")->u.s, "x");
	toml_free(t);
	buf_release(&err);
}

Test(toml, integers_booleans_arrays_tables)
{
	struct buf err;
	struct toml_table *t = parse(
		"# leading comment\n"
		"n = 1_000  # trailing comment\n"
		"neg = -42\n"
		"hex = 0xff\n"
		"oct = 0o17\n"
		"bin = 0b101\n"
		"max = 9223372036854775807\n"
		"min = -9223372036854775808\n"
		"yes = true\n"
		"no = false\n"
		"arr = [\n  \"a\", # comment inside\n  \"b\",\n]\n"
		"empty = []\n"
		"[server]\n"
		"inline = { x = 1, y.z = \"w\" }\n"
		"[a.b]\n"
		"k = 1\n"
		"dotted.key = 2\n", &err);
	cr_assert_not_null(t, "%s", err.p);
	cr_assert_eq(toml_get(t, "n")->u.i, 1000);
	cr_assert_eq(toml_get(t, "neg")->u.i, -42);
	cr_assert_eq(toml_get(t, "hex")->u.i, 255);
	cr_assert_eq(toml_get(t, "oct")->u.i, 15);
	cr_assert_eq(toml_get(t, "bin")->u.i, 5);
	cr_assert_eq(toml_get(t, "max")->u.i, INT64_MAX);
	cr_assert_eq(toml_get(t, "min")->u.i, INT64_MIN);
	cr_assert(toml_get(t, "yes")->u.b);
	cr_assert(!toml_get(t, "no")->u.b);
	const struct toml_value *arr = toml_get(t, "arr");
	cr_assert_eq(arr->type, TOML_ARRAY);
	cr_assert_eq(arr->u.arr.n, 2);
	cr_assert_str_eq(arr->u.arr.items[1]->u.s, "b");
	cr_assert_eq(arr->line, 11);
	cr_assert_eq(toml_get(t, "empty")->u.arr.n, 0);
	const struct toml_value *inl = path(t, "server", "inline");
	cr_assert_eq(inl->type, TOML_TABLE);
	cr_assert_eq(toml_get(inl->u.tab, "x")->u.i, 1);
	cr_assert_str_eq(toml_get(toml_get(inl->u.tab, "y")->u.tab, "z")->u.s, "w");
	const struct toml_value *ab = path(t, "a", "b");
	cr_assert_eq(toml_get(ab->u.tab, "k")->u.i, 1);
	cr_assert_eq(toml_get(ab->u.tab, "k")->line, 19);
	toml_free(t);
	buf_release(&err);
}

Test(toml, crlf_and_bom)
{
	struct buf err;
	struct toml_table *t = parse("\xEF\xBB\xBF[s]\r\nk = \"v\"\r\n\r\nn = 2\r\n", &err);
	cr_assert_not_null(t, "%s", err.p);
	cr_assert_eq(toml_get(toml_get(t, "s")->u.tab, "n")->line, 4);
	toml_free(t);
	buf_release(&err);
}

struct bad_case {
	const char *text;
	const char *error; /* full expected message */
};

Test(toml, invalid_inputs_name_their_line)
{
	static const struct bad_case cases[] = {
		{ "a = 1\nb = \n", "t.toml:2: missing value" },
		{ "a = 1\na = 2\n", "t.toml:2: duplicate key 'a'" },
		{ "x = \"open\n", "t.toml:1: unterminated string" },
		{ "\n\nx = \"bad \\q escape\"\n", "t.toml:3: invalid escape sequence in string" },
		{ "x = 1.5\n", "t.toml:1: floats are not supported here" },
		{ "x = 1979-05-27\n", "t.toml:1: dates and times are not supported here" },
		{ "x = 01\n", "t.toml:1: leading zeros are not allowed in integers" },
		{ "x = 9223372036854775808\n", "t.toml:1: integer out of range" },
		{ "x = 1__0\n", "t.toml:1: misplaced underscore in integer" },
		{ "x = bare\n", "t.toml:1: invalid value (strings need quotes)" },
		{ "x = [1, 2\ny = 3\n", "t.toml:2: expected ',' or ']' in array" },
		{ "x = { a = 1\n", "t.toml:1: expected ',' or '}' in inline table" },
		{ "[t]\n[t]\n", "t.toml:2: table 't' is defined twice" },
		{ "[[t]]\n", "t.toml:1: arrays of tables are not supported here" },
		{ "a = 1 b = 2\n", "t.toml:1: expected end of line after value" },
		{ "a = 1\n[a]\n", "t.toml:2: key 'a' is already a integer" },
		{ "x = { a = 1 }\n[x]\n", "t.toml:2: key 'x' is already a table" },
		{ "= 1\n", "t.toml:1: expected a key" },
		{ "a\n", "t.toml:1: expected '=' after key 'a'" },
		{ "ok = 1\nbad = \"\xff\"\n", "t.toml:2: invalid UTF-8 or NUL byte" },
		{ "x = \"\\u0000\"\n", "t.toml:1: escape is not a valid Unicode scalar value" },
		{ "x = \"\\ud800\"\n", "t.toml:1: escape is not a valid Unicode scalar value" },
		{ "x = \"\"\"never closed\n\n", "t.toml:3: unterminated multi-line string" },
		{ "x = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
		  "t.toml:1: values nested too deeply" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct buf err;
		struct toml_table *t = parse(cases[i].text, &err);
		cr_expect_null(t, "case %zu parsed", i);
		cr_expect_str_eq(err.p, cases[i].error, "case %zu", i);
		toml_free(t);
		buf_release(&err);
	}
}
