/*
 * gen: the benchmark's input, N powers and their delegation entries, in
 * one of three shapes.  Deterministic: a fixed seed, no clock, so that two
 * runs on two machines read the same bytes.
 *
 *   gen [-s SHAPE] N DIR    writes DIR/powers.csv and DIR/delegations.csv
 *
 *   excel      (the default) as a clerk's Excel saves one department's
 *              list after another ("CSV UTF-8": a BOM, CRLF, Chinese
 *              headers), codes in order within each department
 *   scattered  a list merged from many departments: codes in scattered
 *              order (each power's place a permutation of its number),
 *              UTF-8 without a BOM, LF line ends
 *   repeated   the excel powers, and several entries per power: each
 *              grant is later revoked and granted again, power by power,
 *              as years of adjustments leave a log
 *
 * The units are those of fixtures/units.csv (the New Area XXXQ, the
 * departments XQ01..XQ20, the new cities and the streets/towns JZ01..JZ19).
 * Every entry is valid under the rules of domain.md: the giver is the
 * power's holder (the New Area when 实施主体 is empty), grants go to new
 * cities (economic powers) or streets/towns (social powers), a unit is
 * granted a power once, and a revoke, dated after the grant, names the same
 * giver and receiver.  Grants are listed power by power, in date order; the
 * revokes come together at the end, as a later batch would.
 *
 * Standalone C11: a fresh Debian has no python3, and the bench must not
 * need one.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* splitmix64: small, fast and the same everywhere. */
static uint64_t rng_state = 20220303;

static uint64_t
rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static unsigned
pick(unsigned n)
{
	return (unsigned)(rng() % n);
}

/* Percent chance. */
static int
chance(unsigned percent)
{
	return pick(100) < percent;
}

static const char *const categories[][2] = {
	{ "01", "行政许可" }, { "02", "行政处罚" }, { "03", "行政强制" },
	{ "04", "行政征收" }, { "05", "行政给付" }, { "06", "行政检查" },
	{ "07", "行政确认" }, { "08", "行政奖励" }, { "09", "行政裁决" },
	{ "10", "其他行政权力" }, { "20", "公共服务" },
};
#define NCATEGORIES 11

/* How a name of each category ends. */
static const char *const name_tails[NCATEGORIES] = {
	"审批", "的处罚", "的强制措施", "征收", "发放", "监督检查", "登记确认",
	"表彰奖励", "纠纷裁决", "备案", "咨询服务",
};

static const char *const departments[20] = {
	"党政办公室", "组织人事部", "发展改革和商务局", "财政局",
	"自然资源和规划局", "住房和城乡建设局", "生态环境局", "行政审批服务局",
	"交通运输局", "教育卫体局", "科技创新和工业信息化局", "农业农村和水务局",
	"市场监督管理局", "应急管理局", "城市管理和综合执法局", "社会事业局",
	"文化旅游和文物局", "统计局", "审计局", "退役军人事务局",
};

static const char *const new_cities[5] = {
	"FDXC", "FXXC", "QHXC", "KGXC", "JHXC",
};

/* Characters names and laws are made of: common in the lists. */
static const char *const hanzi[] = {
	"建", "设", "项", "目", "工", "程", "规", "划", "土", "地", "用",
	"房", "屋", "城", "乡", "市", "政", "公", "路", "交", "通", "运",
	"输", "水", "利", "农", "业", "林", "草", "环", "境", "保", "护",
	"污", "染", "防", "治", "排", "放", "企", "投", "资", "核", "准",
	"备", "案", "商", "品", "质", "量", "安", "全", "生", "产", "经",
	"营", "食", "药", "卫", "健", "康", "教", "育", "文", "化", "旅",
	"游", "物", "能", "源", "电", "力", "燃", "气", "供", "热", "消",
	"危", "险", "化", "学", "特", "种", "设", "备", "广", "告", "招",
	"标", "价", "格", "统", "计", "审", "计", "财", "务", "税", "收",
	"社", "会", "组", "织", "民", "办", "非", "劳", "动", "就", "业",
	"人", "员", "职", "称", "户", "籍", "殡", "葬", "宗", "教", "场",
	"所", "档", "案", "信", "息", "网", "络", "数", "据", "科", "技",
	"专", "利", "矿", "产", "地", "质", "测", "绘", "气", "象", "地",
	"震", "人", "防", "园", "绿", "化", "照", "明", "道", "桥", "梁",
	"施", "改", "造", "拆", "迁", "征", "收", "补", "偿", "临", "时",
};
#define NHANZI (sizeof(hanzi) / sizeof(hanzi[0]))

static const char *const numerals[] = {
	"一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
	"十一", "十二", "十五", "二十", "二十三", "三十", "三十六", "四十二",
	"五十", "六十八", "七十一", "八十", "九十四", "一百零二",
};
#define NNUMERALS (sizeof(numerals) / sizeof(numerals[0]))

static const char *const documents[] = {
	"西咸管发〔2022〕5号", "西咸管发〔2022〕12号", "西咸管办发〔2022〕31号",
	"西咸管发〔2023〕8号", "西咸管办发〔2023〕17号",
};
/* The documents' dates, in order. */
static const char *const doc_dates[] = {
	"2022-02-16", "2022-03-01", "2022-07-15", "2023-01-10", "2023-06-30",
};
#define NDOCUMENTS 5

/* Characters (not bytes) put into BUF so far. */
struct text {
	char	buf[1024];
	size_t	len;
	int	chars;
};

static void
put(struct text *t, const char *s, int chars)
{
	size_t n = strlen(s);

	if (t->len + n < sizeof(t->buf)) {
		memcpy(t->buf + t->len, s, n);
		t->len += n;
		t->buf[t->len] = '\0';
		t->chars += chars;
	}
}

/* Every string of hanzi[] and numerals[] is 3-byte UTF-8. */
static int
chars_of(const char *s)
{
	return (int)(strlen(s) / 3);
}

static void
put_hanzi(struct text *t, int n)
{
	while (n-- > 0)
		put(t, hanzi[pick(NHANZI)], 1);
}

/* A power's name: 10 to 30 characters ending as its category does. */
static void
make_name(struct text *t, unsigned cat)
{
	int want = 10 + (int)pick(21), tail = chars_of(name_tails[cat]);

	t->len = 0;
	t->chars = 0;
	t->buf[0] = '\0';
	if (cat == 1)
		put(t, "对", 1), want--;
	put_hanzi(t, want - tail);
	put(t, name_tails[cat], tail);
}

/*
 * A legal basis: 40 to 80 characters of laws and articles.  One row in
 * twenty carries an ASCII comma, so that the field is quoted.
 */
static void
make_basis(struct text *t, int with_comma)
{
	int want = 40 + (int)pick(41);

	t->len = 0;
	t->chars = 0;
	t->buf[0] = '\0';
	while (t->chars < want - 12) {
		if (t->chars > 0)
			put(t, with_comma ? "," : "、", 1);
		put(t, "《", 1);
		if (chance(50))
			put(t, "中华人民共和国", 7);
		put_hanzi(t, 2 + (int)pick(7));
		put(t, chance(60) ? "法" : "条例", 1);
		put(t, "》第", 2);
		const char *num = numerals[pick(NNUMERALS)];
		put(t, num, chars_of(num));
		put(t, "条", 1);
	}
	while (t->chars < want)
		put(t, "第", 1), put(t, numerals[pick(10)], 1), put(t, "款", 1);
}

enum shape { SHAPE_EXCEL, SHAPE_SCATTERED, SHAPE_REPEATED };
static enum shape shape = SHAPE_EXCEL;
/* The line end of the shape. */
static const char *eol = "\r\n";

static FILE *
create(const char *dir, const char *name)
{
	char path[4096];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fp = fopen(path, "wb")) == NULL) {
		fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	/* Excel's "CSV UTF-8": a byte order mark first. */
	if (shape != SHAPE_SCATTERED)
		fputs("\xef\xbb\xbf", fp);
	return fp;
}

static void
done(FILE *fp, const char *name)
{
	if (fflush(fp) != 0 || ferror(fp) || fclose(fp) != 0) {
		fprintf(stderr, "gen: %s: write failed\n", name);
		exit(1);
	}
}

/* One grant to revoke at the end. */
struct grant {
	char	code[24];
	char	from[16];
	char	to[16];
};

static long long
gcd(long long a, long long b)
{
	while (b != 0) {
		long long t = a % b;

		a = b;
		b = t;
	}
	return a;
}

int
main(int argc, char **argv)
{
	/* Serials per category and department keep codes unique. */
	static unsigned serial[NCATEGORIES][20];
	struct grant *revokes = NULL;
	size_t nrevokes = 0, caprevokes = 0, r;
	struct text name, basis;
	FILE *pw, *dl;
	char code[24], holder[16], *end;
	long long n, i, line, step, entries = 0;
	unsigned cat, dept, k, j, first, doc, taken;
	int economic;

	if (argc == 5 && strcmp(argv[1], "-s") == 0) {
		if (strcmp(argv[2], "scattered") == 0)
			shape = SHAPE_SCATTERED, eol = "\n";
		else if (strcmp(argv[2], "repeated") == 0)
			shape = SHAPE_REPEATED;
		else if (strcmp(argv[2], "excel") != 0) {
			fprintf(stderr, "gen: unknown shape '%s'\n", argv[2]);
			return 2;
		}
		argv += 2;
		argc -= 2;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: gen [-s excel|scattered|repeated] N "
		    "DIR\n");
		return 2;
	}
	errno = 0;
	n = strtoll(argv[1], &end, 10);
	if (errno != 0 || *end != '\0' || n < 1 || n > 100000000) {
		fprintf(stderr, "gen: bad N '%s'\n", argv[1]);
		return 2;
	}
	pw = create(argv[2], "powers.csv");
	dl = create(argv[2], "delegations.csv");
	fprintf(pw, "事项编码,事项名称,事项类型,主管部门,事权类别,设定依据,"
	    "实施主体,备注%s", eol);
	fprintf(dl, "事项编码,原实施主体,承接单位,调整方式,依据文号,实施时间,"
	    "备注%s", eol);
	/*
	 * Scattered: line L is power (L * step) mod n, step prime to n and
	 * near n times the golden ratio's fraction, so that neighbours in
	 * the file are far apart in the code order and every power comes once.
	 */
	step = 1;
	if (shape == SHAPE_SCATTERED)
		for (step = (long long)((double)n * 0.6180339887) | 1;
		    gcd(step, n) != 1; step += 2)
			;

	for (line = 0; line < n; line++) {
		i = (long long)((unsigned long long)line * step % (unsigned long long)n);
		/*
		 * As the lists are published, and as fixtures/powers.csv is:
		 * department by department, each in category order, licences
		 * and penalties the most of it.  The position in the
		 * department's block gives the category.
		 */
		dept = (unsigned)(i * 20 / n);
		k = (unsigned)((i - (long long)dept * n / 20) * 100 /
		    ((long long)(dept + 1) * n / 20 - (long long)dept * n / 20));
		cat = k < 35 ? 0 : k < 65 ? 1 : k < 70 ? 2 : k < 73 ? 3 :
		    k < 76 ? 4 : k < 84 ? 5 : k < 89 ? 6 : k < 91 ? 7 :
		    k < 92 ? 8 : k < 96 ? 9 : 10;
		/* Category, department, serial: 12 digits, zeros kept. */
		if (shape == SHAPE_SCATTERED)
			/* The power's own number: unique in any order. */
			snprintf(code, sizeof(code), "%s%02u%08lld",
			    categories[cat][0], dept + 1, i % 100000000);
		else
			snprintf(code, sizeof(code), "%s%02u%08u",
			    categories[cat][0], dept + 1,
			    ++serial[cat][dept] % 100000000u);
		economic = chance(87);
		make_name(&name, cat);
		make_basis(&basis, chance(5));
		/* Mostly the New Area (empty), else the department itself. */
		if (chance(75))
			holder[0] = '\0';
		else
			snprintf(holder, sizeof(holder), "XQ%02u", dept + 1);

		fprintf(pw, "%s,%s,%s,", code, name.buf,
		    categories[cat][chance(70) ? 1 : 0]);
		if (chance(10))
			fputs(departments[dept], pw);
		else
			fprintf(pw, "XQ%02u", dept + 1);
		fprintf(pw, ",%s,", economic ? "经济发展和项目审批类" :
		    "社会管理类");
		if (strchr(basis.buf, ',') != NULL)
			fprintf(pw, "\"%s\"", basis.buf);
		else
			fputs(basis.buf, pw);
		fprintf(pw, ",%s,%s%s", holder,
		    chance(3) ? "2021年版清单新增" : "", eol);

		/*
		 * Entries: 89% of economic powers go to 1 to 5 new cities,
		 * 30% of social powers to 1 or 2 streets/towns.  One in ten
		 * grants is an entrustment (委托).
		 */
		if (economic ? !chance(89) : !chance(30))
			continue;
		k = economic ? 1 + pick(5) : 1 + pick(2);
		first = economic ? pick(5) : pick(19);
		doc = pick(NDOCUMENTS);
		taken = 0;
		for (j = 0; j < k; j++) {
			char to[16];

			if (economic)
				snprintf(to, sizeof(to), "%s",
				    new_cities[(first + j) % 5]);
			else
				snprintf(to, sizeof(to), "JZ%02u",
				    (first + j * 7) % 19 + 1);
			/* Later grants of a power: a later document. */
			if (j > 0 && doc + 1 < NDOCUMENTS && chance(20))
				doc++;
			fprintf(dl, "%s,%s,%s,%s,%s,%s,%s%s", code,
			    holder[0] ? holder : (chance(80) ? "XXXQ" : ""),
			    to, chance(10) ? "委托" : "下放", documents[doc],
			    doc_dates[doc], chance(2) ? "试点" : "", eol);
			entries++;
			if (shape == SHAPE_REPEATED) {
				/* Taken back, then given again. */
				fprintf(dl, "%s,%s,%s,收回,西咸管发〔2024〕3号,"
				    "2024-03-01,调整回收%s", code, holder[0] ?
				    holder : "XXXQ", to, eol);
				fprintf(dl, "%s,%s,%s,下放,西咸管发〔2025〕2号,"
				    "2025-02-01,%s", code, holder[0] ?
				    holder : "XXXQ", to, eol);
				entries += 2;
				continue;
			}
			/* One grant in 30 is revoked in a later batch. */
			if (taken == 0 && chance(3)) {
				if (nrevokes == caprevokes) {
					caprevokes = caprevokes ? 2 * caprevokes :
					    1024;
					revokes = realloc(revokes, caprevokes *
					    sizeof(*revokes));
					if (revokes == NULL) {
						fprintf(stderr, "gen: out of "
						    "memory\n");
						return 1;
					}
				}
				memcpy(revokes[nrevokes].code, code, sizeof(code));
				snprintf(revokes[nrevokes].from, sizeof(revokes[nrevokes].from), "%s",
				    holder[0] ? holder : "XXXQ");
				memcpy(revokes[nrevokes].to, to, sizeof(to));
				nrevokes++;
				taken = 1;
			}
		}
	}
	for (r = 0; r < nrevokes; r++) {
		fprintf(dl, "%s,%s,%s,收回,西咸管发〔2024〕3号,2024-03-01,"
		    "调整回收%s", revokes[r].code, revokes[r].from,
		    revokes[r].to, eol);
		entries++;
	}
	free(revokes);
	done(pw, "powers.csv");
	done(dl, "delegations.csv");
	printf("%lld powers, %lld entries\n", n, entries);
	return 0;
}
