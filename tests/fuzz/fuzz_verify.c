/*
 * Fuzz 'verify' on damaged registries: a small good registry (units,
 * powers imported twice, a log with grants, entrustments and a revoke) is
 * damaged as the input says, written to tmpfs, and checked by db_verify().
 *
 * Input: 4-byte edits, each a 24-bit offset (modulo the image's size) and
 * the byte to put there; 1 to 3 bytes left over truncate the image at
 * their value modulo its size.  Checked: db_verify() (or db_open()) says
 * OK, damaged or error, and never crashes, leaks or hangs.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "fuzzutil.h"

static const char powers1[] =
    "code,name,category,department,class,legal_basis,holder,note\n"
    "P001,企业投资项目核准,01,XQ03,economic,《企业投资项目核准和备案管理条例》,,\n"
    "P002,建筑工程施工许可,行政许可,XQ06,economic,《建筑法》第七条,XQ06,备注\n"
    "P003,政府信息依申请公开,10,XQ01,social,,,\n"
    "P004,排污许可,01,XQ07,经济发展和项目审批类,\"《环境保护法》,第四十五条\",,\n"
    "P005,多行依据,06,XQ13,economic,\"依据\n第二行\",XQ13,\n"
    "P006,统计调查,06,XQ18,social,《统计法》,,\n";
static const char powers2[] =
    "事项编码,事项名称,事项类型,主管部门,事权类别,设定依据,实施主体,备注\r\n"
    "P001,企业投资项目核准（改）,01,XQ03,economic,《企业投资项目核准和备案管理条例》,,\r\n"
    "P007,新增事项,02,XQ15,economic,依据七,,\r\n";
static const char log1[] =
    "power,from,to,mode,document,effective,note\n"
    "P001,XXXQ,FDXC,delegate,西咸新区发〔2022〕5号,2022-02-16,\n"
    "P001,XXXQ,JZ01,entrust,西咸新区发〔2022〕5号,2022-02-16,\n"
    "P002,XQ06,FXXC,下放,西咸新区发〔2022〕6号,2022/3/1,\n"
    "P004,XXXQ,QHXC,委托,西咸新区发〔2022〕7号,2022年3月3日,note\n"
    "P001,XXXQ,FDXC,revoke,西咸新区发〔2023〕1号,2023-01-01,\n"
    "P003,XXXQ,JZ05,delegate,西咸新区发〔2022〕8号,2022-05-05,\n"
    "P007,XXXQ,KGXC,delegate,西咸新区发〔2024〕1号,2024-03-01,\n"
    "P001,XXXQ,FDXC,delegate,西咸新区发〔2024〕2号,2024-03-01,again\n";

static char path[300];
static unsigned char *image;
static size_t image_len;

static void
setup(void)
{
	const char *dir = fu_init();
	char units[512], p1[512], p2[512], l1[512], good[512];

	snprintf(units, sizeof(units), "%s/fixtures/units.csv", fu_top());
	snprintf(p1, sizeof(p1), "%s/powers1.csv", dir);
	snprintf(p2, sizeof(p2), "%s/powers2.csv", dir);
	snprintf(l1, sizeof(l1), "%s/log1.csv", dir);
	snprintf(good, sizeof(good), "%s/good.db", dir);
	fu_write(p1, powers1, sizeof(powers1) - 1);
	fu_write(p2, powers2, sizeof(powers2) - 1);
	fu_write(l1, log1, sizeof(log1) - 1);
	fu_make_registry(good, units, p1, NULL);
	if (fu_run(good, "import", p2, NULL) != 0)
		fu_die("import %s", p2);
	if (fu_run(good, "delegate", "--csv", l1, NULL) != 0)
		fu_die("delegate --csv %s", l1);
	if (fu_verify(good) != DB_OK)
		fu_die("the good registry does not verify");
	image = fu_read(good, &image_len);
	snprintf(path, sizeof(path), "%s/damaged.db", dir);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *img;
	char name[320];
	size_t len, i, off, left;
	unsigned long v;
	int rc;

	if (image == NULL)
		setup();
	if ((img = malloc(image_len)) == NULL)
		fu_die("out of memory");
	memcpy(img, image, image_len);
	len = image_len;
	for (i = 0; i + 4 <= size; i += 4) {
		off = ((size_t)data[i] << 16 | (size_t)data[i + 1] << 8 |
		    data[i + 2]) % image_len;
		img[off] = data[i + 3];
	}
	if ((left = size - i) > 0) {
		for (v = 0; i < size; i++)
			v = v << 8 | data[i];
		len = v % image_len;
		(void)left;
	}
	snprintf(name, sizeof(name), "%s-wal", path);
	unlink(name);
	snprintf(name, sizeof(name), "%s-shm", path);
	unlink(name);
	fu_write(path, img, len);
	free(img);
	rc = fu_verify(path);
	if (rc != DB_OK && rc != DB_DAMAGED && rc != DB_ERROR && rc != DB_BUSY &&
	    rc != DB_REJECT)
		fu_die("verify: %d", rc);
	return 0;
}
