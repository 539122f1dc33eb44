#!/usr/bin/env python3
"""Generate the fixtures of `powers` (../shared/domain.md).

Run by hand from the top of the repository:

    python3 tools/gen_fixtures.py

It rewrites, deterministically (fixed seed, no clock, stdlib only):

    fixtures/units.csv            UTF-8 BOM, CRLF, Chinese headers
    fixtures/units-en.csv         UTF-8, LF, English headers, other order
    fixtures/powers.csv           GB18030, CRLF, Chinese headers
    fixtures/encodings/*          the same powers saved the other ways
    fixtures/delegations.csv      UTF-8 BOM, CRLF, Chinese headers
    fixtures/changes.csv          later changes (a revoke, cancellations), the same way
    fixtures/attributes.csv       a dated change of class, the same way
    fixtures/mistake.csv          a mistaken change of class, undone, the same way
    fixtures/EXPECTED.md          the figures a correct registry gives
    tests/cli/bad/*               files the importer must refuse (+ README.md)

The outputs are committed; this script is how they were made and how to
remake them.  It checks what it writes and stops on the first failed
assertion: every powers file decodes back to the same registry content, the
delegation log obeys the rules of domain.md (replayed entry by entry), the
counts are those of the 2022 reform (808 economic powers, 720 delegated to
new cities, 89.11%), the later changes of changes.csv leave the 2022
figures as they were, and each bad file has its problem, and only that one,
on the line tests/cli/bad/README.md gives.

The names, legal bases and document numbers are plausible, not official:
the powers are built from per-department templates so that names never
repeat.  The templates are data, UTF-8 TSV files that this script reads:

    tools/fixtures-data/powers.tsv  the powers each department may have
    tools/fixtures-data/laws.tsv    the law a power's name points to
    tools/fixtures-data/bases.tsv   the bases quoted, on several lines ...
"""

import csv
import io
import os
import random
import re
import sys
from collections import Counter, OrderedDict, defaultdict

SEED = 20220303          # the day of the press conference
TODAY = "2026-11-26"     # "today" of the tests (POWERS_NOW)

TOP = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
FIX = os.path.join(TOP, "fixtures")
ENC = os.path.join(FIX, "encodings")
BAD = os.path.join(TOP, "tests", "cli", "bad")

# --------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------

NEW_AREA = ("XXXQ", "西咸新区")

# The 20 internal bodies of the New Area level (内设机构), XQ01..XQ20.
DEPARTMENTS = [
    ("XQ01", "党政办公室"),
    ("XQ02", "组织人事部"),
    ("XQ03", "发展改革和商务局"),
    ("XQ04", "财政局"),
    ("XQ05", "自然资源和规划局"),
    ("XQ06", "住房和城乡建设局"),
    ("XQ07", "生态环境局"),
    ("XQ08", "行政审批服务局"),
    ("XQ09", "交通运输局"),
    ("XQ10", "教育卫体局"),
    ("XQ11", "科技创新和工业信息化局"),
    ("XQ12", "农业农村和水务局"),
    ("XQ13", "市场监督管理局"),
    ("XQ14", "应急管理局"),
    ("XQ15", "城市管理和综合执法局"),
    ("XQ16", "社会事业局"),
    ("XQ17", "文化旅游和文物局"),
    ("XQ18", "统计局"),
    ("XQ19", "审计局"),
    ("XQ20", "退役军人事务局"),
]
DEPT_NAME = dict(DEPARTMENTS)
DEPT_BY_NAME = {n: c for c, n in DEPARTMENTS}
# Departments whose parent is written by NAME (西咸新区) instead of code.
PARENT_BY_NAME = {"XQ05", "XQ12", "XQ18"}

NEW_CITIES = [
    ("FDXC", "沣东新城"),
    ("FXXC", "沣西新城"),
    ("QHXC", "秦汉新城"),
    ("KGXC", "空港新城"),
    ("JHXC", "泾河新城"),
]
CITY_CODES = [c for c, _ in NEW_CITIES]
CITY_NAME = dict(NEW_CITIES)

# The 19 streets/towns, managed by the New Area, grouped by the new city
# whose territory they lie in.
STREETS_BY_CITY = [
    ("FDXC", ["三桥街道", "建章路街道", "王寺街道", "斗门街道", "上林街道"]),
    ("FXXC", ["马王街道", "高桥街道", "大王镇", "钓台街道"]),
    ("QHXC", ["正阳街道", "窑店街道", "渭城街道", "周陵街道"]),
    ("KGXC", ["北杜街道", "底张街道", "太平镇"]),
    ("JHXC", ["永乐镇", "崇文镇", "高庄镇"]),
]
STREETS = []            # (code, name, within city code)
for _city, _names in STREETS_BY_CITY:
    for _n in _names:
        STREETS.append(("JZ%02d" % (len(STREETS) + 1), _n, _city))
STREET_CODES = [c for c, _, _ in STREETS]
STREET_NAME = {c: n for c, n, _ in STREETS}
# Streets whose 所在新城 is written by code in units.csv (by name elsewhere).
WITHIN_BY_CODE = {"JZ03", "JZ08", "JZ12", "JZ17"}

UNIT_NAME = dict([NEW_AREA] + DEPARTMENTS + NEW_CITIES +
                 [(c, n) for c, n, _ in STREETS])

# --------------------------------------------------------------------------
# Categories (GB/T 39046-2020) and classes
# --------------------------------------------------------------------------

CATEGORIES = OrderedDict([
    ("xk", ("01", "行政许可")), ("cf", ("02", "行政处罚")),
    ("qz", ("03", "行政强制")), ("zs", ("04", "行政征收")),
    ("gf", ("05", "行政给付")), ("jc", ("06", "行政检查")),
    ("qr", ("07", "行政确认")), ("jl", ("08", "行政奖励")),
    ("cj", ("09", "行政裁决")), ("qt", ("10", "其他行政权力")),
    ("fw", ("20", "公共服务")),
])
CAT_NAME = {c: n for c, n in CATEGORIES.values()}
CAT_BY_NAME = {n: c for c, n in CATEGORIES.values()}
ECON = "经济发展和项目审批类"
SOCIAL = "社会管理类"

# Power templates, per department and category: tools/fixtures-data/
# powers.tsv, one entry a line (class, department, category key, name, and
# for a sub-item its base and number).
#
# Each pool entry is (name, base, variant): variants of one licence (新办,
# 变更, ...) share a base and get sub-item codes 001, 002 ...; other entries
# are their own base with sub-item 000.  Penalties are written out whole
# (对……的处罚).
# --------------------------------------------------------------------------

DATA = os.path.join(TOP, "tools", "fixtures-data")


def data_rows(name, ncol):
    """The rows of the UTF-8 TSV file NAME of fixtures-data, each a list of
    NCOL fields (shorter rows padded with "").  Lines starting with '#' are
    comments; a field's \\n is a line break and \\\\ a backslash."""
    rows = []
    with open(os.path.join(DATA, name), encoding="utf-8", newline="\n") as f:
        for line in f:
            line = line.rstrip("\n")
            if line == "" or line.startswith("#"):
                continue
            fields = [re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n"
                             else m.group(1), s) for s in line.split("\t")]
            assert len(fields) <= ncol, (name, line)
            rows.append(fields + [""] * (ncol - len(fields)))
    return rows


def load_pools():
    """ECONOMIC and SOCIALP: dept -> {category key: [(name, base, variant)]},
    in the order of powers.tsv."""
    pools = {"economic": OrderedDict(), "social": OrderedDict()}
    for cls, dept, key, name, base, var in data_rows("powers.tsv", 6):
        items = pools[cls].setdefault(dept, {}).setdefault(key, [])
        items.append((name, base or name, int(var or 0)))
    return pools["economic"], pools["social"]


ECONOMIC, SOCIALP = load_pools()

# How many powers each department has.  Economic quotas add up to 808.
ECON_QUOTA = OrderedDict([
    ("XQ03", 64), ("XQ04", 32), ("XQ05", 110), ("XQ06", 135), ("XQ07", 82),
    ("XQ08", 44), ("XQ09", 67), ("XQ11", 36), ("XQ12", 86), ("XQ13", 91),
    ("XQ15", 20), ("XQ17", 28), ("XQ18", 10), ("XQ19", 3),
])
SOCIAL_QUOTA = OrderedDict([
    ("XQ01", 4), ("XQ02", 12), ("XQ10", 23), ("XQ14", 14), ("XQ15", 21),
    ("XQ16", 34), ("XQ20", 12),
])
assert sum(ECON_QUOTA.values()) == 808
assert sum(SOCIAL_QUOTA.values()) == 120

# --------------------------------------------------------------------------
# Legal bases (设定依据)
# --------------------------------------------------------------------------

CN_DIGITS = "零一二三四五六七八九"


def cn(n):
    """An article number in Chinese: 12 -> 十二, 105 -> 一百零五."""
    assert 0 < n < 1000
    h, t, u = n // 100, n // 10 % 10, n % 10
    s = ""
    if h:
        s += CN_DIGITS[h] + "百"
        if t == 0 and u:
            return s + "零" + CN_DIGITS[u]
    if t:
        s += ("" if t == 1 and not h else CN_DIGITS[t]) + "十"
    if u:
        s += CN_DIGITS[u]
    return s


# Per department: (regex on the power name, law, (first, last) article),
# from tools/fixtures-data/laws.tsv.  The first rule that matches the name
# gives the law; DEFAULT_LAW otherwise.
LAW_RULES = OrderedDict()
for _dept, _pat, _law, _lo, _hi in data_rows("laws.tsv", 5):
    LAW_RULES.setdefault(_dept, []).append((_pat, _law, (int(_lo), int(_hi))))


# Bases of a few powers, from tools/fixtures-data/bases.tsv, in four
# tables: quoted, long bases quoting the law text (Chinese punctuation, “”
# quotes); ascii_quoted, bases with an ASCII comma and ASCII double quotes,
# which must be quoted (and their quotes doubled) in a comma-separated
# file; multiline, bases on several lines (Alt+Enter in an Excel cell: a
# line break inside a quoted field); semicolon, bases with an ASCII
# semicolon (quoted in the semicolon-separated file).
_BASES = defaultdict(OrderedDict)
for _table, _name, _basis in data_rows("bases.tsv", 3):
    _BASES[_table][_name] = _basis
QUOTED = _BASES["quoted"]
ASCII_QUOTED = _BASES["ascii_quoted"]
MULTILINE = _BASES["multiline"]
SEMICOLON = _BASES["semicolon"]


NOTES = ["涉及国家秘密的除外", "2021年版清单新增", "与新城共同实施",
         "仅限西咸新区规划区内", "2022年2月调整", "原由新城实施，改革后上收新区"]
PERMIT_NOTES = ["含初审", "告知承诺制", "“证照分离”改革事项", "限额以下项目",
                "依申请办理"]
# A note with an ASCII comma (permits only): quoted in comma-separated files.
NOTE_COMMA = "告知承诺制,容缺受理"


def legal_basis(rng, dept, name, cat):
    """A realistic 设定依据 for a power."""
    for table in (QUOTED, ASCII_QUOTED, MULTILINE, SEMICOLON):
        if name in table:
            return table[name]
    for pat, law, (lo, hi) in LAW_RULES[dept]:
        if re.search(pat, name):
            break
    art = rng.randint(lo, hi)
    basis = "%s第%s条" % (law, cn(art))
    r = rng.random()
    if r < 0.18:
        basis += "第%s款" % cn(rng.randint(1, 3))
    elif r < 0.26:
        basis += "第%s款第（%s）项" % (cn(rng.randint(1, 2)), cn(rng.randint(1, 6)))
    if cat == "01" and rng.random() < 0.35:
        basis += "；《中华人民共和国行政许可法》第十二条"
    elif cat == "01" and dept == "XQ08" and rng.random() < 0.5:
        basis += "；《中华人民共和国行政许可法》第二十五条"
    elif cat == "03" and rng.random() < 0.5:
        basis += "；《中华人民共和国行政强制法》第九条"
    elif cat == "02" and rng.random() < 0.15:
        basis += "；《中华人民共和国行政处罚法》第二十八条"
    elif cat == "20" and dept in ECONOMIC and rng.random() < 0.5:
        basis += "；《优化营商环境条例》第三十五条"
    return basis

# --------------------------------------------------------------------------
# Building the registry of powers
# --------------------------------------------------------------------------


class Power:
    __slots__ = ("code", "name", "cat", "dept", "cls", "basis", "holder", "note")

    def key(self):
        """The logical content, as the importer stores it."""
        return (self.code, self.name, self.cat, self.dept, self.cls,
                self.basis, self.holder, self.note)


def build_powers(rng):
    powers = []
    for cls, pools, quotas in (("economic", ECONOMIC, ECON_QUOTA),
                               ("social", SOCIALP, SOCIAL_QUOTA)):
        kdigit = "1" if cls == "economic" else "2"
        for dept, quota in quotas.items():
            entries = []
            for key, items in pools[dept].items():
                cat = CATEGORIES[key][0]
                entries.extend((cat, n, b, v) for n, b, v in items)
            names = [e[1] for e in entries]
            dupes = [n for n, k in Counter(names).items() if k > 1]
            assert not dupes, (dept, dupes)
            assert len(entries) >= quota, \
                "%s %s: pool %d < quota %d" % (dept, cls, len(entries), quota)
            # Drop random entries, but never the ones with special bases,
            # and keep every category that has a pool.
            special = set(QUOTED) | set(ASCII_QUOTED) | set(MULTILINE) | set(SEMICOLON)
            keep = set(range(len(entries)))
            droppable = [i for i, e in enumerate(entries) if e[1] not in special]
            rng.shuffle(droppable)
            for i in droppable:
                if len(keep) == quota:
                    break
                cat = entries[i][0]
                if sum(1 for j in keep if entries[j][0] == cat) > 1:
                    keep.discard(i)
            assert len(keep) == quota, (dept, len(keep), quota)
            chosen = [entries[i] for i in sorted(keep)]
            # Codes: category(2) department(2) class(1) item(4) sub-item(3).
            base_no = {}
            for cat, name, base, var in sorted(chosen, key=lambda e: e[0]):
                bkey = (cat, base)
                if bkey not in base_no:
                    base_no[bkey] = sum(1 for k in base_no if k[0] == cat) + 1
                p = Power()
                p.code = "%s%s%s%04d%03d" % (cat, dept[2:], kdigit,
                                               base_no[bkey], var)
                p.name, p.cat, p.dept, p.cls = name, cat, dept, cls
                p.basis = legal_basis(rng, dept, name, cat)
                # 实施主体: empty (the New Area) for most, the department for some.
                p.holder = dept if rng.random() < 0.14 else ""
                r = rng.random()
                if cat == "01":
                    p.note = (rng.choice(PERMIT_NOTES) if r < 0.15 else
                              NOTE_COMMA if r < 0.19 else "")
                else:
                    p.note = rng.choice(NOTES) if r < 0.08 else ""
                powers.append(p)
    powers.sort(key=lambda p: (p.dept, p.code))
    codes = [p.code for p in powers]
    assert len(set(codes)) == len(codes)
    assert all(len(c) == 12 and c.isdigit() for c in codes)
    names = [p.name for p in powers]
    assert len(set(names)) == len(names), "names repeat"
    return powers

# --------------------------------------------------------------------------
# Writing delimited files the way Excel does
# --------------------------------------------------------------------------

ZH = OrderedDict([("code", "事项编码"), ("name", "事项名称"), ("category", "事项类型"),
                  ("department", "主管部门"), ("class", "事权类别"),
                  ("legal_basis", "设定依据"), ("holder", "实施主体"), ("note", "备注")])
EN_OF_ZH = {v: k for k, v in ZH.items()}


def field(s, delim):
    """Quote a field as Excel does: only when it holds the delimiter, a
    quote or a line break."""
    if delim in s or '"' in s or "\r" in s or "\n" in s:
        return '"' + s.replace('"', '""') + '"'
    return s


def render(rows, delim, eol):
    return "".join(delim.join(field(f, delim) for f in r) + eol for r in rows)


def write_bytes(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def encode(text, enc):
    """enc: utf-8, utf-8-bom, gb18030, utf-16le-bom, utf-16be-bom."""
    if enc == "utf-8":
        return text.encode("utf-8")
    if enc == "utf-8-bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if enc == "gb18030":
        return text.encode("gb18030")
    if enc == "utf-16le-bom":
        return b"\xff\xfe" + text.encode("utf-16-le")
    if enc == "utf-16be-bom":
        return b"\xfe\xff" + text.encode("utf-16-be")
    raise ValueError(enc)


PADS = [" ", "  ", "\u3000", "\u3000\u3000"]


def present(rng, p, cols, style):
    """One row of a powers file: the same power, written the way this file
    writes it.  STYLE says how often a category is given by code, a
    department by name, an economic class left empty, and which codes and
    names get spaces around them (trimmed by the importer)."""
    cat = p.cat if rng.random() < style["cat_code"] else CAT_NAME[p.cat]
    dept = DEPT_NAME[p.dept] if rng.random() < style["dept_name"] else p.dept
    if p.cls == "social":
        cls = SOCIAL
    else:
        cls = "" if rng.random() < style["class_empty"] else ECON
    code, name = p.code, p.name
    if p.code in style["pad_code"]:
        pad = rng.choice(PADS)
        code = pad + code if rng.random() < 0.5 else code + pad
    if p.code in style["pad_name"]:
        pad = rng.choice(PADS)
        name = pad + name if rng.random() < 0.5 else name + pad
    val = dict(code=code, name=name, category=cat, department=dept,
               **{"class": cls}, legal_basis=p.basis, holder=p.holder,
               note=p.note)
    return [val[c] for c in cols]


# The files, their encodings, separators, line ends, headers, column order
# and row order.
POWER_FILES = [
    dict(path="powers.csv", enc="gb18030", delim=",", eol="\r\n", lang="zh",
         cols=list(ZH), order="dept"),
    dict(path="encodings/powers.utf8bom.csv", enc="utf-8-bom", delim=",",
         eol="\r\n", lang="zh", order="shuffle",
         cols=["name", "code", "department", "category", "class", "holder",
               "legal_basis", "note"]),
    dict(path="encodings/powers.utf16le.txt", enc="utf-16le-bom", delim="\t",
         eol="\r\n", lang="en", cols=list(ZH), order="code"),
    dict(path="encodings/powers.utf16be.txt", enc="utf-16be-bom", delim="\t",
         eol="\r\n", lang="zh", order="reverse",
         cols=["code", "category", "name", "department", "holder", "class",
               "note", "legal_basis"]),
    dict(path="encodings/powers.semicolon.csv", enc="utf-8", delim=";",
         eol="\n", lang="en", order="shuffle",
         cols=["department", "code", "name", "category", "legal_basis",
               "class", "holder", "note"]),
    dict(path="encodings/powers.cr.csv", enc="utf-8", delim=",", eol="\r",
         lang="zh", cols=list(ZH), order="dept"),
    dict(path="encodings/powers.gbk-en.csv", enc="gb18030", delim=",",
         eol="\n", lang="en", order="shuffle",
         cols=["code", "name", "department", "category", "class",
               "legal_basis", "holder", "note"]),
]


def write_powers(powers):
    outputs = {}
    for i, spec in enumerate(POWER_FILES):
        rng = random.Random("%d/%s" % (SEED, spec["path"]))
        rows = list(powers)
        if spec["order"] == "shuffle":
            rng.shuffle(rows)
        elif spec["order"] == "code":
            rows.sort(key=lambda p: p.code)
        elif spec["order"] == "reverse":
            rows.reverse()
        # Spaces around a few codes and names, different ones per file;
        # powers.csv (the main file) has some too.
        pick = rng.sample(powers, 14)
        style = dict(cat_code=[0.12, 0.2, 0.1, 0.3, 0.15, 0.05, 0.25][i],
                     dept_name=[0.1, 0.15, 0.2, 0.1, 0.3, 0.05, 0.12][i],
                     class_empty=[0.2, 0.1, 0.3, 0.15, 0.25, 0.0, 0.5][i],
                     pad_code={p.code for p in pick[:7]},
                     pad_name={p.code for p in pick[7:]})
        cols = spec["cols"]
        header = [c if spec["lang"] == "en" else ZH[c] for c in cols]
        table = [header] + [present(rng, p, cols, style) for p in rows]
        text = render(table, spec["delim"], spec["eol"])
        data = encode(text, spec["enc"])
        write_bytes(os.path.join(FIX, spec["path"]), data)
        outputs[spec["path"]] = data
    return outputs

# --------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------


def unit_rows():
    """(code, name, kind, parent, within) in the order of units.csv."""
    rows = [(NEW_AREA[0], NEW_AREA[1], "new_area", "", "")]
    for c, n in DEPARTMENTS:
        rows.append((c, n, "department",
                     NEW_AREA[1] if c in PARENT_BY_NAME else NEW_AREA[0], ""))
    for c, n in NEW_CITIES:
        rows.append((c, n, "new_city", NEW_AREA[0], ""))
    for c, n, city in STREETS:
        rows.append((c, n, "street_town", NEW_AREA[0],
                     city if c in WITHIN_BY_CODE else CITY_NAME[city]))
    return rows


def write_units():
    rows = unit_rows()
    zh = [["编码", "名称", "类型", "上级", "所在新城"]] + [list(r) for r in rows]
    a = encode(render(zh, ",", "\r\n"), "utf-8-bom")
    write_bytes(os.path.join(FIX, "units.csv"), a)
    # units-en.csv: other column order; 所在新城 by name where units.csv has
    # the code and by code where it has the name; the New Area named as
    # parent by name for the new cities.
    en = [["name", "code", "parent", "kind", "within"]]
    for c, n, k, parent, within in rows:
        if k == "street_town":
            city = dict((s[0], s[2]) for s in STREETS)[c]
            within = CITY_NAME[city] if within == city else city
        if k == "new_city":
            parent = NEW_AREA[1]
        elif k == "department":
            parent = NEW_AREA[0]
        en.append([n, c, parent, k, within])
    b = encode(render(en, ",", "\n"), "utf-8")
    write_bytes(os.path.join(FIX, "units-en.csv"), b)
    return {"units.csv": a, "units-en.csv": b}

# --------------------------------------------------------------------------
# The delegation log
# --------------------------------------------------------------------------

MODE_ZH = {"delegate": "下放", "entrust": "委托", "revoke": "收回", "cancel": "取消"}
MODE_EN = {v: k for k, v in MODE_ZH.items()}

# The 2022 batches for economic powers: (effective, document).
ECON_BATCHES = [
    ("2022-02-16", "西咸新区发〔2022〕5号"),
    ("2022-02-21", "西咸管发〔2022〕3号"),
    ("2022-02-25", "西咸管发〔2022〕7号"),
    ("2022-03-01", "西咸新区发〔2022〕12号"),
    ("2022-03-03", "西咸管办发〔2022〕15号"),
]
# The batch each department's powers went out in (most of them).
DEPT_BATCH = {"XQ03": 0, "XQ05": 0, "XQ06": 0, "XQ08": 1, "XQ07": 1,
              "XQ09": 2, "XQ12": 2, "XQ13": 3, "XQ11": 3, "XQ15": 4,
              "XQ17": 4, "XQ04": 4, "XQ18": 4, "XQ19": 4}
SOCIAL_BATCHES = [
    ("2022-03-01", "西咸管发〔2022〕9号"),
    ("2022-04-15", "西咸管发〔2022〕21号"),
    ("2022-07-01", "西咸管发〔2022〕33号"),
]


class Entry:
    __slots__ = ("power", "frm", "to", "mode", "doc", "eff", "note")

    def row(self):
        return [self.power, self.frm, self.to, MODE_ZH[self.mode], self.doc,
                self.eff, self.note]


def giver(p):
    """Who holds a power at import: its 实施主体, or the New Area."""
    return p.holder or NEW_AREA[0]


def build_delegations(rng, powers):
    econ = [p for p in powers if p.cls == "economic"]
    social = [p for p in powers if p.cls == "social"]
    entries = []

    def add(p, to, mode, eff, doc, note=""):
        e = Entry()
        e.power, e.frm, e.to, e.mode, e.doc, e.eff, e.note = \
            p.code, giver(p), to, mode, doc, eff, note
        entries.append(e)
        return e

    # The 88 economic powers kept at the New Area level: statistics and
    # audit, most of finance, and a handful elsewhere.
    kept = [p for p in econ if p.dept in ("XQ18", "XQ19")]
    fin = [p for p in econ if p.dept == "XQ04"]
    kept += rng.sample(fin, 18)
    others = [p for p in econ if p not in kept]
    kept += rng.sample(others, 88 - len(kept))
    kept_codes = {p.code for p in kept}
    delegated = [p for p in econ if p.code not in kept_codes]
    assert len(delegated) == 720

    subset_of = {}
    for p in delegated:
        b = DEPT_BATCH[p.dept]
        if rng.random() < 0.15:
            b = min(b + rng.choice([1, 2]), len(ECON_BATCHES) - 1)
        eff, doc = ECON_BATCHES[b]
        mode = "entrust" if rng.random() < 0.12 else "delegate"
        if rng.random() < 0.82:
            cities = list(CITY_CODES)
        else:
            k = rng.randint(1, 4)
            some = rng.sample(CITY_CODES, k)
            cities = [c for c in CITY_CODES if c in some]
        subset_of[p.code] = cities
        late = rng.choice(cities) if len(cities) == 5 and rng.random() < 0.08 else None
        for c in cities:
            m = mode
            if rng.random() < 0.02:
                m = "entrust" if mode == "delegate" else "delegate"
            if c == late and b < len(ECON_BATCHES) - 1:
                add(p, c, m, *ECON_BATCHES[len(ECON_BATCHES) - 1],
                    note="补充下放" if m == "delegate" else "")
            else:
                note = ""
                if m == "entrust" and rng.random() < 0.15:
                    note = "以新区名义实施"
                add(p, c, m, eff, doc, note)

    # Social powers to streets/towns: about 100 of the 120.
    granted_social = rng.sample(social, 101)
    for p in sorted(granted_social, key=lambda p: p.code):
        eff, doc = SOCIAL_BATCHES[0 if rng.random() < 0.7 else rng.randint(1, 2)]
        mode = "entrust" if rng.random() < 0.2 else "delegate"
        if rng.random() < 0.6:
            streets = list(STREET_CODES)
        else:
            k = rng.randint(2, 12)
            streets = sorted(rng.sample(STREET_CODES, k))
        for s in streets:
            add(p, s, mode, eff, doc)

    # Later entries.  A revoke names the giver and the unit, as the grant did.
    by_code = {p.code: p for p in powers}

    def first_grant(code, to):
        return next(e for e in entries
                    if e.power == code and e.to == to and e.mode != "revoke")

    full = sorted(c for c, cs in subset_of.items() if len(cs) == 5)
    # 1. 秦汉新城 hands back a power (others keep it), then gets it again,
    #    entrusted this time.
    a = next(c for c in full if first_grant(c, "QHXC").mode == "delegate"
             and by_code[c].dept == "XQ06")
    add(by_code[a], "QHXC", "revoke", "2023-05-10", "西咸管发〔2023〕17号",
        "秦汉新城申请交回")
    add(by_code[a], "QHXC", "entrust", "2024-03-01", "西咸管发〔2024〕6号",
        "收回后以委托方式重新赋予")
    # 2. 空港新城 loses a power that others keep.
    b = next(c for c in full if c != a and by_code[c].dept == "XQ09")
    add(by_code[b], "KGXC", "revoke", "2023-08-01", "西咸管发〔2023〕29号",
        "空港新城不再承接")
    # 3. 泾河新城 gets a power first given to fewer cities.
    c = next(c for c, cs in sorted(subset_of.items())
             if "JHXC" not in cs and by_code[c].dept == "XQ05")
    add(by_code[c], "JHXC", "delegate", "2023-08-01", "西咸管发〔2023〕29号")
    # 4. A street loses a social power (the others keep it); another social
    #    power reaches three more streets in 2025.
    sgrants = defaultdict(list)
    for e in entries:
        if e.to.startswith("JZ"):
            sgrants[e.power].append(e.to)
    s_full = sorted(k for k, v in sgrants.items() if len(v) == 19)
    s1 = s_full[3]
    add(by_code[s1], "JZ07", "revoke", "2023-09-15", "西咸管办发〔2023〕45号",
        "高桥街道职能调整")
    s_part = sorted(k for k, v in sgrants.items() if len(v) <= 12)
    s2 = s_part[0]
    missing = [s for s in STREET_CODES if s not in sgrants[s2]][:3]
    for s in missing:
        add(by_code[s2], s, "delegate", "2025-01-01", "西咸管发〔2024〕38号")

    order = {u: i for i, u in enumerate(CITY_CODES + STREET_CODES)}
    entries.sort(key=lambda e: (e.eff, e.power, order[e.to]))
    return entries, dict(revoked_regranted=a, revoked_kg=b, added_jh=c,
                         street_revoked=s1, street_added=s2)


def write_delegations(entries, name="delegations.csv"):
    rows = [["事项编码", "原实施主体", "承接单位", "调整方式", "依据文号", "实施时间", "备注"]]
    rows += [e.row() for e in entries]
    data = encode(render(rows, ",", "\r\n"), "utf-8-bom")
    write_bytes(os.path.join(FIX, name), data)
    return data

# --------------------------------------------------------------------------
# Later changes: a second sheet, fixtures/changes.csv
# --------------------------------------------------------------------------

# The dates of the later changes, and the dates EXPECTED.md gives figures
# for: the seed's day, the revoke's, the cancellations'.
CHANGE_REVOKE = ("2025-10-01", "西咸管发〔2025〕41号")
CHANGE_CANCEL = ("2026-01-01", "西咸新区发〔2025〕52号")
CHANGE_DATES = ["2022-03-03", CHANGE_REVOKE[0], CHANGE_CANCEL[0]]


def build_changes(reg):
    """The entries of changes.csv, chosen from the registry delegations.csv
    makes: 沣东新城 hands back a power no other new city was given; one
    power delegated to all five new cities is cancelled (取消), and so is
    one kept at the New Area level.  A cancellation names the power's
    holder as 原实施主体 and no 承接单位, as a clerk fills it in.  Powers
    with an entry after 2022 are left alone, so each change stands out."""
    live = reg.replay(TODAY)
    cities = defaultdict(list)
    for code, to in live:
        if to in CITY_CODES:
            cities[code].append(to)
    touched = {e.power for e in reg.entries if e.eff > "2022-12-31"}
    econ = sorted(c for c, p in reg.powers.items()
                  if p.cls == "economic" and c not in touched)
    alone = next(c for c in econ if cities[c] == ["FDXC"])
    everywhere = next(c for c in econ if len(cities[c]) == 5
                      and reg.powers[c].dept == "XQ07")
    kept = next(c for c in econ if not cities[c] and reg.powers[c].dept == "XQ18")
    out = []

    def add(code, frm, to, mode, when, note):
        e = Entry()
        e.power, e.frm, e.to, e.mode, e.note = code, frm, to, mode, note
        e.eff, e.doc = when
        out.append(e)

    add(alone, live[(alone, "FDXC")].frm, "FDXC", "revoke", CHANGE_REVOKE,
        "沣东新城申请交回")
    for code in sorted([everywhere, kept]):
        add(code, giver(reg.powers[code]), "", "cancel", CHANGE_CANCEL,
            "上级决定取消")
    return out, dict(alone=alone, everywhere=everywhere, kept=kept)


def changes_section(reg, changes, notes):
    """The lines of EXPECTED.md's section on changes.csv, from REG, the
    registry replayed with delegations.csv and changes.csv."""
    L = []
    w = L.append
    w("## Later changes (fixtures/changes.csv)")
    w("")
    w("The registry above, after also:")
    w("")
    w("    powers delegate --csv fixtures/changes.csv")
    w("")
    w("a second sheet saved the same way (UTF-8 BOM, CRLF, Chinese headers).  A")
    w("cancellation (取消) names the power's holder as 原实施主体 and no 承接单位:")
    w("from its date the power is in no list and no count, and its live grants end.")
    w("")
    w("| power | from | to | mode | document | effective |")
    w("|---|---|---|---|---|---|")
    for e in changes:
        w("| %s | %s | %s | %s (%s) | %s | %s |" % (
            e.power, e.frm, e.to or "—", e.mode, MODE_ZH[e.mode], e.doc, e.eff))
    w("")
    w("Economic powers of the New Area level as of each date (`stats --as-of DATE`;")
    w("a cancelled power counts nowhere from its date):")
    w("")
    w("| as of | economic | delegated to new cities | share | kept by the New Area level | social |")
    w("|---|---:|---:|---:|---:|---:|")
    fig = {}
    for d in CHANGE_DATES:
        econ = reg.economic(d)
        dl = reg.delegated_to_cities(d)
        social = [c for c, p in reg.powers.items() if p.cls == "social"
                  and c not in reg.cancelled(d)]
        fig[d] = (len(econ), len(dl))
        w("| %s | %d | %d | %s | %d | %d |" % (d, len(econ), len(dl),
                                              pct(len(dl), len(econ)),
                                              len(econ) - len(dl), len(social)))
    w("")
    w("Powers each new city exercises (`unit list --as-of DATE`, and the rows of")
    w("`positive-list --unit CODE --as-of DATE`):")
    w("")
    w("| code | new city | %s |" % " | ".join("as of %s" % d for d in CHANGE_DATES))
    w("|---|---|%s" % ("---:|" * len(CHANGE_DATES)))
    for c, n in NEW_CITIES:
        w("| %s | %s | %s |" % (c, n, " | ".join(
            "%d" % len(reg.held_by(c, d)) for d in CHANGE_DATES)))
    w("")
    held = lambda code, d: sum(1 for c in CITY_CODES if (code, c) in reg.replay(d))
    a, x, k = notes["alone"], notes["everywhere"], notes["kept"]
    w("- `%s` (%s): given to FDXC alone; revoked %s, from then held by %d new cities." % (
        a, reg.powers[a].name, CHANGE_REVOKE[0], held(a, CHANGE_REVOKE[0])))
    w("- `%s` (%s): held by %d new cities the day before %s, by %d from then." % (
        x, reg.powers[x].name, held(x, "2025-12-31"), CHANGE_CANCEL[0],
        held(x, CHANGE_CANCEL[0])))
    w("- `%s` (%s): kept by the New Area level (%s), cancelled from %s." % (
        k, reg.powers[k].name, giver(reg.powers[k]), CHANGE_CANCEL[0]))
    w("")
    first, last = CHANGE_DATES[0], CHANGE_DATES[-1]
    w("Headline: as of %s still **%d of %d economic powers delegated, %s**;" % (
        first, fig[first][1], fig[first][0], pct(fig[first][1], fig[first][0])))
    w("as of %s **%d of %d, %s**." % (
        last, fig[last][1], fig[last][0], pct(fig[last][1], fig[last][0])))
    w("")
    return L

# --------------------------------------------------------------------------
# Changes over time: a dated change of class (fixtures/attributes.csv), a
# mistaken sheet (fixtures/mistake.csv) undone, a street/town retired
# --------------------------------------------------------------------------

# The day both sheets hold from (import --effective), and the retirement.
LATER_EFFECTIVE = "2026-03-01"
RETIRE = ("2026-06-01", "西咸新区发〔2026〕8号", "划归咸阳市管理")
LATER_DATES = CHANGE_DATES + [LATER_EFFECTIVE, RETIRE[0]]
# The street/town table's dates: the day before the retirement, and its day.
STREET_DATES = ["2026-05-31", RETIRE[0]]
CLASS_ZH = {"economic": ECON, "social": SOCIAL}


def build_later(reg):
    """The later changes of each kind, chosen from REG (the registry after
    changes.csv): two economic powers kept by the New Area level (no entry
    in the log, so none cancelled or granted) become social from
    LATER_EFFECTIVE, one by attributes.csv and one by mistake.csv, which is
    undone; the last street/town with no entry after 2022 is retired.
    Returns the runs (attributes.csv's, mistake.csv's, the undo's), the
    revoke entries that end the street/town's grants, and the codes."""
    logged = {e.power for e in reg.entries}
    kept = sorted(c for c, p in reg.powers.items()
                  if p.cls == "economic" and c not in logged)
    pick = lambda dept: next(c for c in kept if reg.powers[c].dept == dept
                             and reg.powers[c].cat == "06")
    attr, mistake = pick("XQ07"), pick("XQ13")
    run = lambda code, old, new: [(code, "class", old, new, LATER_EFFECTIVE)]
    runs = [run(attr, "economic", "social"), run(mistake, "economic", "social")]
    # An undo changes each attribute back, from the same date.
    runs.append([(c, a, new, old, eff) for c, a, old, new, eff in runs[1]])
    touched = {e.to for e in reg.entries if e.eff > "2022-12-31"}
    street = [u for u in STREET_CODES
              if u not in touched and reg.held_by(u, RETIRE[0])][-1]
    revokes = []
    for code, g in sorted(reg.held_by(street, RETIRE[0]).items()):
        e = Entry()
        e.power, e.frm, e.to, e.mode = code, g.frm, street, "revoke"
        e.eff, e.doc, e.note = RETIRE
        revokes.append(e)
    return runs, revokes, dict(attr=attr, mistake=mistake, street=street)


def write_class_sheet(name, run):
    """A powers sheet of the columns 事项编码 and 事权类别 alone, saved as
    changes.csv is (UTF-8 BOM, CRLF)."""
    rows = [["事项编码", "事权类别"]] + [[c, CLASS_ZH[new]] for c, _, _, new, _ in run]
    data = encode(render(rows, ",", "\r\n"), "utf-8-bom")
    write_bytes(os.path.join(FIX, name), data)
    text, _ = decode(data)
    assert [f for _, f in records(text, ",")] == rows
    return data


def later_section(before, mistaken, after, revokes, notes):
    """The lines of EXPECTED.md's section on the changes over time: BEFORE
    is the registry after changes.csv, MISTAKEN with both sheets imported,
    AFTER with the undo and the retirement too."""
    L = []
    w = L.append
    a, m, st = notes["attr"], notes["mistake"], notes["street"]
    eff, doc, note = RETIRE
    w("## Changes over time (attributes.csv, mistake.csv undone, a retirement)")
    w("")
    w("The registry of \"Later changes\", after also:")
    w("")
    w("    powers import --effective %s fixtures/attributes.csv" % LATER_EFFECTIVE)
    w("    powers import --effective %s fixtures/mistake.csv" % LATER_EFFECTIVE)
    w("    powers undo import:N")
    w("    powers unit retire %s --effective %s --document %s --note %s" % (st, eff, doc, note))
    w("")
    w("where N is mistake.csv's import run (`powers sql \"SELECT max(id) FROM")
    w("import_run\"` right after it).  Both sheets are saved as changes.csv is")
    w("(UTF-8 BOM, CRLF, Chinese headers), with the columns 事项编码 and 事权类别")
    w("alone: every other attribute, and every power absent, is kept.")
    w("")
    w("| event | power or unit | change | effective |")
    w("|---|---|---|---|")
    for what, run in (("import attributes.csv", after.runs[0]),
                      ("import mistake.csv", after.runs[1]),
                      ("undo of mistake.csv's run", after.runs[2])):
        for code, attr, old, new, d in run:
            w("| %s | %s | %s: %s -> %s | %s |" % (what, code, attr, old, new, d))
    w("| unit retire (%s) | %s | %d live grants ended by revoke entries | %s |" % (
        doc, st, len(revokes), eff))
    w("")
    w("Economic powers of the New Area level as of each date (`stats --as-of DATE`),")
    w("after them all; a power of class social from %s counts as social from then:" % LATER_EFFECTIVE)
    w("")
    head = "| economic | delegated to new cities | share | kept by the New Area level | social |"
    rule = "|---|---:|---:|---:|---:|---:|"
    row = lambda d, f: w("| %s | %d | %d | %s | %d | %d |" % ((d,) + f))
    w("| as of " + head)
    w(rule)
    for d in LATER_DATES:
        row(d, after.summary(d))
    w("")
    w("Before them (after changes.csv alone):")
    w("")
    w("| as of, before them " + head)
    w(rule)
    for d in (LATER_EFFECTIVE, RETIRE[0]):
        row(d, before.summary(d))
    w("")
    w("With mistake.csv imported, before its undo:")
    w("")
    w("| as of, with mistake.csv " + head)
    w(rule)
    row(LATER_EFFECTIVE, mistaken.summary(LATER_EFFECTIVE))
    w("")
    w("After the undo every figure of this section is what it would be had")
    w("mistake.csv never been imported, as of any date.")
    w("")
    w("Powers each street/town exercises (`stats --by street_town --as-of DATE`,")
    w("`unit list --as-of DATE` and the rows of `positive-list --unit CODE --as-of")
    w("DATE`); — is a unit retired by then, in no stats by unit, with 0 in `unit list`:")
    w("")
    w("| code | street/town | within | %s |" % " | ".join("as of %s" % d for d in STREET_DATES))
    w("|---|---|---|---:|---:|")
    by = [after.by_street_town(d) for d in STREET_DATES]
    for c, n, city in STREETS:
        w("| %s | %s | %s | %s |" % (c, n, city, " | ".join(
            str(b[c]) if c in b else "—" for b in by)))
    w("")
    social = lambda reg, d: len({c for (c, t) in reg.replay(d) if t in STREET_CODES})
    w("- `%s` (%s): economic, kept by the New Area level; social from %s." % (
        a, after.powers[a].name, LATER_EFFECTIVE))
    w("- `%s` (%s): made social by mistake.csv from %s, economic again after the undo." % (
        m, after.powers[m].name, LATER_EFFECTIVE))
    w("- `%s` (%s, %s): %d powers as of %s, retired from %s (%s, %s)." % (
        st, STREET_NAME[st], CITY_NAME[dict((s, c) for s, _, c in STREETS)[st]],
        len(after.held_by(st, STREET_DATES[0])), STREET_DATES[0], eff, doc, note))
    w("- Distinct social powers with a live grant to a street/town: %d as of %s, %d from %s." % (
        social(after, STREET_DATES[0]), STREET_DATES[0], social(after, eff), eff))
    w("")
    first, last = LATER_DATES[0], LATER_DATES[-1]
    f0, f1 = after.summary(first), after.summary(last)
    w("Headline: as of %s still **%d of %d economic powers delegated, %s**;" % (
        first, f0[1], f0[0], f0[2]))
    w("as of %s **%d of %d, %s**." % (last, f1[1], f1[0], f1[2]))
    w("")
    return L


# --------------------------------------------------------------------------
# The rules, simulated: replay the log and answer "as of"
# --------------------------------------------------------------------------


class Registry:
    """The log ENTRIES replayed over POWERS; RUNS, the import runs of
    attribute changes in the order recorded, each a list of (code,
    attribute, old, new, effective); RETIRED, {unit: first day it is no
    member}, its grants ended by revoke entries of ENTRIES."""

    def __init__(self, powers, entries, runs=(), retired=None):
        self.powers = {p.code: p for p in powers}
        self.entries = entries
        self.runs = list(runs)
        self.retired = dict(retired or {})
        self.check()

    def cls(self, code, as_of):
        """A power's class as of a date: its first, then each change in
        effect by then, by effective date and, on one date, as recorded."""
        changes = [(ch[4], i) + ch[2:4] for i, run in enumerate(self.runs)
                   for ch in run if ch[0] == code and ch[1] == "class"]
        c = self.powers[code].cls
        for eff, _, old, new in sorted(changes):
            if eff <= as_of:
                assert old == c, (code, eff, old, c)
                c = new
        return c

    def is_retired(self, unit, as_of):
        return unit in self.retired and self.retired[unit] <= as_of

    def holds(self, live, code, unit):
        p = self.powers[code]
        return unit == giver(p) or (code, unit) in live

    def replay(self, as_of):
        """Live grants as of a date: {(power, to): entry}."""
        live = {}
        for e in sorted(self.entries, key=lambda e: e.eff):   # stable
            if e.eff > as_of:
                break
            if e.mode == "revoke":
                del live[(e.power, e.to)]
            elif e.mode == "cancel":
                for k in [k for k in live if k[0] == e.power]:
                    del live[k]
            else:
                live[(e.power, e.to)] = e
        return live

    def check(self):
        """Every rule of domain.md, entry by entry."""
        live = {}
        kinds = {c: "new_city" for c in CITY_CODES}
        kinds.update({c: "street_town" for c in STREET_CODES})
        assert [e.eff for e in self.entries] == sorted(e.eff for e in self.entries)
        cancelled = set()
        for e in self.entries:
            p = self.powers[e.power]
            assert re.fullmatch(r"\d{4}-\d\d-\d\d", e.eff)
            assert e.frm in ([NEW_AREA[0]] + list(DEPT_NAME)), e.frm
            assert e.power not in cancelled, "entry of a cancelled power"
            if e.mode == "cancel":
                # Its holder, to no one; its live grants end.
                assert e.frm == giver(p) and e.to == "", "cancel by another"
                cancelled.add(e.power)
                for k in [k for k in live if k[0] == e.power]:
                    del live[k]
                continue
            assert e.to in kinds
            # A retired unit: nothing but the revokes that end its grants.
            assert not self.is_retired(e.to, e.eff) or (
                e.mode == "revoke" and self.retired[e.to] == e.eff), e.to
            if kinds[e.to] == "new_city":
                assert self.cls(e.power, e.eff) == "economic"
            else:
                assert self.cls(e.power, e.eff) == "social"
            if e.mode == "revoke":
                g = live.get((e.power, e.to))
                assert g is not None and g.frm == e.frm, "revoke of no grant"
                del live[(e.power, e.to)]
            else:
                assert self.holds(live, e.power, e.frm), "giver does not hold"
                assert not self.holds(live, e.power, e.to), "already holds"
                live[(e.power, e.to)] = e
        # A change of class leaves no grant at odds with it: the power has
        # no entry on or after the change, and no live grant then.
        for run in self.runs:
            for code, attr, old, new, eff in run:
                assert attr == "class" and old != new
                assert all(e.eff < eff for e in self.entries if e.power == code)
                assert not any(k[0] == code for k in self.replay(eff))

    def cancelled(self, as_of):
        return {e.power for e in self.entries
                if e.mode == "cancel" and e.eff <= as_of}

    def economic(self, as_of):
        """The economic powers of the New Area level: none cancelled."""
        gone = self.cancelled(as_of)
        return {c for c in self.powers
                if self.cls(c, as_of) == "economic" and c not in gone}

    def social(self, as_of):
        gone = self.cancelled(as_of)
        return {c for c in self.powers
                if self.cls(c, as_of) == "social" and c not in gone}

    def delegated_to_cities(self, as_of):
        live = self.replay(as_of)
        return {c for (c, to) in live if to in CITY_CODES
                and self.cls(c, as_of) == "economic"}

    def summary(self, as_of):
        """stats --as-of: (economic, delegated, share, kept, social)."""
        econ, dl = len(self.economic(as_of)), len(self.delegated_to_cities(as_of))
        return (econ, dl, pct(dl, econ), econ - dl, len(self.social(as_of)))

    def by_street_town(self, as_of):
        """stats --by street_town: {unit: powers held}, no retired unit."""
        return {s: len(self.held_by(s, as_of)) for s in STREET_CODES
                if not self.is_retired(s, as_of)}

    def held_by(self, unit, as_of):
        live = self.replay(as_of)
        return {c: e for (c, to), e in live.items() if to == unit}

# --------------------------------------------------------------------------
# Reading the files back (the importer's job, done again in python)
# --------------------------------------------------------------------------


def decode(data):
    """Encoding detection as the importer does it: BOM, UTF-8, GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "UTF-8 with BOM"
    if data.startswith(b"\xff\xfe"):
        return data[2:].decode("utf-16-le"), "UTF-16LE"
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be"), "UTF-16BE"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return data.decode("gb18030"), "GB18030"


def records(text, delim):
    """Split TEXT into records: [(physical line it starts on, fields)].
    Line breaks are CRLF, LF or CR; quoted fields may hold any of them.
    Raises ValueError("line N: ...") on an unterminated quote."""
    out, i, n, line = [], 0, len(text), 1
    while i < n:
        start, fields, cur, quoted_open = line, [], [], None
        while True:
            if i >= n:
                fields.append("".join(cur))
                break
            ch = text[i]
            if ch == '"' and not cur:
                quoted_open = line
                i += 1
                while True:
                    if i >= n:
                        raise ValueError("line %d: unterminated quote" % quoted_open)
                    ch = text[i]
                    if ch == '"':
                        if i + 1 < n and text[i + 1] == '"':
                            cur.append('"')
                            i += 2
                            continue
                        i += 1
                        break
                    if ch == "\r":
                        line += 1
                        if i + 1 < n and text[i + 1] == "\n":
                            cur.append("\r")
                            i += 1
                            ch = "\n"
                    elif ch == "\n":
                        line += 1
                    cur.append(ch)
                    i += 1
                continue
            if ch == delim:
                fields.append("".join(cur))
                cur = []
                i += 1
                continue
            if ch in "\r\n":
                fields.append("".join(cur))
                i += 2 if text.startswith("\r\n", i) else 1
                line += 1
                break
            cur.append(ch)
            i += 1
        if fields != [""]:
            out.append((start, fields))
    return out


def sniff(header_line):
    for d in ("\t", ";", ","):
        if d in header_line:
            return d
    return ","


TRIM = " \u3000"


def read_powers(data):
    """The logical content of a powers file, as a sorted list of keys."""
    text, _ = decode(data)
    first = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    recs = records(text, sniff(first))
    # Cross-check the hand-written splitter with the csv module.
    alt = list(csv.reader(io.StringIO(text, newline=""), delimiter=sniff(first)))
    assert [f for _, f in recs] == [r for r in alt if r], "csv disagrees"
    header = [h.strip(TRIM) for h in recs[0][1]]
    cols = [EN_OF_ZH.get(h, h) for h in header]
    assert sorted(cols) == sorted(ZH), cols
    out = []
    for _, f in recs[1:]:
        assert len(f) == len(cols)
        v = {c: x.strip(TRIM) for c, x in zip(cols, f)}
        cat = v["category"] if v["category"] in CAT_NAME else CAT_BY_NAME[v["category"]]
        dept = v["department"] if v["department"] in DEPT_NAME else DEPT_BY_NAME[v["department"]]
        cls = {"": "economic", ECON: "economic", SOCIAL: "social"}[v["class"]]
        out.append((v["code"], v["name"], cat, dept, cls, v["legal_basis"],
                    v["holder"], v["note"]))
    return sorted(out)


def read_units(data):
    text, _ = decode(data)
    recs = records(text, ",")
    names = {"编码": "code", "名称": "name", "类型": "kind", "上级": "parent",
             "所在新城": "within"}
    cols = [names.get(h, h) for h in recs[0][1]]
    by_name = {n: c for c, n in UNIT_NAME.items()}
    out = []
    for _, f in recs[1:]:
        v = dict(zip(cols, f))
        res = lambda r: "" if not r else (r if r in UNIT_NAME else by_name[r])
        out.append((v["code"], v["name"], v["kind"], res(v["parent"]),
                    res(v["within"])))
    return out

# --------------------------------------------------------------------------
# EXPECTED.md
# --------------------------------------------------------------------------


def pct(a, b):
    return "%.2f%%" % (100.0 * a / b)


def write_expected(powers, entries, reg, notes, later):
    econ = [p for p in powers if p.cls == "economic"]
    social = [p for p in powers if p.cls == "social"]
    d0 = reg.delegated_to_cities("2022-02-15")
    d1 = reg.delegated_to_cities("2022-03-03")
    d2 = reg.delegated_to_cities(TODAY)
    assert len(d0) == 0 and len(d1) == 720 and len(d2) == 720
    assert pct(len(d2), len(econ)) == "89.11%"
    L = []
    w = L.append
    w("# Expected figures for the fixtures")
    w("")
    w("Computed by `tools/gen_fixtures.py` (a python simulation of the rules of")
    w("`../shared/domain.md`), for a registry built by:")
    w("")
    w("    powers init")
    w("    powers unit import fixtures/units.csv")
    w("    powers import fixtures/powers.csv")
    w("    powers delegate --csv fixtures/delegations.csv")
    w("")
    w("\"Today\" is %s (`POWERS_NOW`, which only the test build," % TODAY)
    w("`build/test/powers`, takes).  Any file of `fixtures/encodings/` (or")
    w("`fixtures/units-en.csv`) imported instead gives the same registry content.")
    w("An entry counts from its effective date on (effective <= as-of date).")
    w("")
    w("## Units")
    w("")
    w("| kind | count |")
    w("|---|---:|")
    kinds = Counter(r[2] for r in unit_rows())
    for k in ("new_area", "department", "new_city", "street_town"):
        w("| %s | %d |" % (k, kinds[k]))
    w("| total | %d |" % sum(kinds.values()))
    w("")
    w("## Powers")
    w("")
    w("| | count |")
    w("|---|---:|")
    w("| total | %d |" % len(powers))
    w("| economic (经济发展和项目审批类) | %d |" % len(econ))
    w("| social (社会管理类) | %d |" % len(social))
    w("| 实施主体 given (a department) | %d |" % sum(1 for p in powers if p.holder))
    w("| 实施主体 empty (the New Area) | %d |" % sum(1 for p in powers if not p.holder))
    w("")
    w("By category:")
    w("")
    w("| code | category | total | economic | social |")
    w("|---|---|---:|---:|---:|")
    for code, name in CATEGORIES.values():
        t = sum(1 for p in powers if p.cat == code)
        e = sum(1 for p in econ if p.cat == code)
        w("| %s | %s | %d | %d | %d |" % (code, name, t, e, t - e))
    w("")
    w("By department (delegated = economic powers with a live grant to a new city, as of %s):" % TODAY)
    w("")
    w("| code | department | total | economic | social | delegated |")
    w("|---|---|---:|---:|---:|---:|")
    for code, name in DEPARTMENTS:
        t = [p for p in powers if p.dept == code]
        e = [p for p in t if p.cls == "economic"]
        dl = [p for p in e if p.code in d2]
        w("| %s | %s | %d | %d | %d | %d |" % (code, name, len(t), len(e),
                                              len(t) - len(e), len(dl)))
    w("")
    w("## Delegation log")
    w("")
    w("| mode | entries | to new cities | to streets/towns |")
    w("|---|---:|---:|---:|")
    for m in ("delegate", "entrust", "revoke"):
        es = [e for e in entries if e.mode == m]
        w("| %s (%s) | %d | %d | %d |" % (m, MODE_ZH[m], len(es),
                                          sum(1 for e in es if e.to in CITY_CODES),
                                          sum(1 for e in es if e.to in STREET_CODES)))
    w("| total | %d | %d | %d |" % (len(entries),
                                    sum(1 for e in entries if e.to in CITY_CODES),
                                    sum(1 for e in entries if e.to in STREET_CODES)))
    w("")
    w("Givers: %d entries from XXXQ (西咸新区), %d from a department." % (
        sum(1 for e in entries if e.frm == "XXXQ"),
        sum(1 for e in entries if e.frm != "XXXQ")))
    w("")
    w("## Delegated to new cities (distinct economic powers with a live grant to a new city)")
    w("")
    w("| as of | delegated | share of %d |" % len(econ))
    w("|---|---:|---:|")
    for d, s in (("2022-02-15", d0), ("2022-02-16", reg.delegated_to_cities("2022-02-16")),
                 ("2022-03-03", d1), (TODAY, d2)):
        w("| %s | %d | %s |" % (d, len(s), pct(len(s), len(econ))))
    w("")
    w("Headline (as of %s): **720 of 808 economic powers delegated, 89.11%%**;" % TODAY)
    w("88 economic powers have no grant to any new city.")
    w("")
    w("## Economic powers held by each new city")
    w("")
    w("| code | new city | as of 2022-03-03 | as of %s | of which 委托 |" % TODAY)
    w("|---|---|---:|---:|---:|")
    for c, n in NEW_CITIES:
        h1 = reg.held_by(c, "2022-03-03")
        h2 = reg.held_by(c, TODAY)
        w("| %s | %s | %d | %d | %d |" % (c, n, len(h1), len(h2),
                                         sum(1 for e in h2.values() if e.mode == "entrust")))
    w("")
    w("## Social powers held by each street/town (as of %s)" % TODAY)
    w("")
    w("| code | street/town | within | held | of which 委托 |")
    w("|---|---|---|---:|---:|")
    total_social_live = 0
    for c, n, city in STREETS:
        h = reg.held_by(c, TODAY)
        total_social_live += len(h)
        w("| %s | %s | %s | %d | %d |" % (c, n, CITY_NAME[city], len(h),
                                         sum(1 for e in h.values() if e.mode == "entrust")))
    live = reg.replay(TODAY)
    w("")
    w("Distinct social powers with a live grant to a street/town: %d of %d." % (
        len({c for (c, t) in live if t in STREET_CODES}), len(social)))
    w("")
    w("## Positive list of 沣东新城 (FDXC), as of %s" % TODAY)
    w("")
    h = reg.held_by("FDXC", TODAY)
    rows = sorted(h.values(), key=lambda e: (reg.powers[e.power].dept,
                                            reg.powers[e.power].cat, e.power))
    w("%d powers.  First 10 rows, sorted by department code, category code, power code:" % len(rows))
    w("")
    w("| code | name | department | category | mode | document | effective |")
    w("|---|---|---|---|---|---|---|")
    for e in rows[:10]:
        p = reg.powers[e.power]
        w("| %s | %s | %s | %s | %s (%s) | %s | %s |" % (
            e.power, p.name, p.dept, p.cat, e.mode, MODE_ZH[e.mode], e.doc, e.eff))
    w("")
    w("## Later entries (2023 and later)")
    w("")
    w("| power | from | to | mode | document | effective |")
    w("|---|---|---|---|---|---|")
    for e in entries:
        if e.eff > "2022-12-31":
            w("| %s | %s | %s | %s (%s) | %s | %s |" % (
                e.power, e.frm, e.to, e.mode, MODE_ZH[e.mode], e.doc, e.eff))
    w("")
    a = notes["revoked_regranted"]
    w("- `%s` (%s): QHXC revoked 2023-05-10 and entrusted again 2024-03-01; "
      "as of 2023-12-31 it is held by %d new cities, as of %s by %d." % (
          a, reg.powers[a].name,
          sum(1 for c in CITY_CODES if (a, c) in reg.replay("2023-12-31")),
          TODAY, sum(1 for c in CITY_CODES if (a, c) in live)))
    b = notes["revoked_kg"]
    w("- `%s` (%s): revoked from KGXC 2023-08-01; still held by %d new cities." % (
        b, reg.powers[b].name, sum(1 for c in CITY_CODES if (b, c) in live)))
    s1 = notes["street_revoked"]
    w("- `%s` (%s): revoked from JZ07 2023-09-15; still held by %d streets/towns." % (
        s1, reg.powers[s1].name, sum(1 for c in STREET_CODES if (s1, c) in live)))
    w("")
    L += later
    text = "\n".join(L) + "\n"
    write_bytes(os.path.join(FIX, "EXPECTED.md"), text.encode("utf-8"))
    return text

# --------------------------------------------------------------------------
# Bad files for the importer's tests
# --------------------------------------------------------------------------

HDR = "事项编码,事项名称,事项类型,主管部门,事权类别,设定依据,实施主体,备注"
UHDR = "编码,名称,类型,上级,所在新城"
# Valid rows, codes outside the fixtures' ranges (sequence 9xxx).
GOOD = [
    "010619001000,建筑工程施工许可证核发（补办）,行政许可,XQ06,经济发展和项目审批类,《中华人民共和国建筑法》第七条,,",
    "020619002000,对施工单位未按规定设置围挡的处罚,行政处罚,XQ06,,《建设工程安全生产管理条例》第六十四条,,",
    "010719001000,建设项目环境影响评价文件审批（重新报批）,01,XQ07,经济发展和项目审批类,《中华人民共和国环境影响评价法》第二十四条,XQ07,",
    "061319001000,对校园周边食品经营者的监督检查,行政检查,市场监督管理局,经济发展和项目审批类,《中华人民共和国食品安全法》第一百一十条,,",
    "051629001000,困难群众价格临时补贴发放,行政给付,XQ16,社会管理类,《社会救助暂行办法》第四十七条,,",
    "020919003000,对网络预约出租汽车未取得运输证从事经营的处罚,行政处罚,XQ09,,《网络预约出租汽车经营服务管理暂行办法》第三十四条,,",
    "100519001000,建设项目规划条件变更,其他行政权力,自然资源和规划局,经济发展和项目审批类,《中华人民共和国城乡规划法》第四十三条,,",
    "201229001000,农村饮水安全咨询服务,公共服务,XQ12,社会管理类,《城市供水条例》第五条,,",
]


def crlf(lines):
    return "".join(l + "\r\n" for l in lines)


def bad_files():
    """name -> (bytes, command, line or None, problem, is_error)."""
    B = OrderedDict()
    u8 = lambda t: encode(t, "utf-8-bom")

    B["wrong-field-count.csv"] = (
        u8(crlf([HDR, GOOD[0], GOOD[1],
                 "020619004000,对建设单位未按规定报送竣工验收备案的处罚,行政处罚,XQ06,,"
                 "《建设工程质量管理条例》第五十六条,《房屋建筑和市政基础设施工程竣工验收备案管理办法》第九条,,",
                 GOOD[2], GOOD[3]])),
        "import", 4, "9 fields where the header has 8: an unquoted ASCII comma in 设定依据", True)
    B["missing-column.csv"] = (
        u8(crlf(["事项编码,事项类型,主管部门,事权类别,设定依据,实施主体,备注"] +
                [",".join(r.split(",")[:1] + r.split(",")[2:]) for r in GOOD[:4]])),
        "import", 1, "the header has no 事项名称 (name) column", True)
    B["unknown-column.csv"] = (
        u8(crlf([HDR + ",备考"] + [r + "," for r in GOOD[:3]] +
                [GOOD[3] + ",2021年梳理"])),
        "import", 1, "unknown column '备考' (accepted only when unknown columns are ignored on request)", True)
    B["empty-code.csv"] = (
        u8(crlf([HDR, GOOD[0],
                 ",对施工单位未按规定设置围挡的处罚,行政处罚,XQ06,,《建设工程安全生产管理条例》第六十四条,,",
                 GOOD[2], GOOD[3]])),
        "import", 3, "empty 事项编码 (code)", True)
    B["empty-name.csv"] = (
        u8(crlf([HDR, GOOD[0], GOOD[1],
                 "010719001000,,01,XQ07,经济发展和项目审批类,《中华人民共和国环境影响评价法》第二十四条,XQ07,",
                 GOOD[3]])),
        "import", 4, "empty 事项名称 (name)", True)
    B["unknown-category.csv"] = (
        u8(crlf([HDR, GOOD[0],
                 "020619002000,对施工单位未按规定设置围挡的处罚,行政许诺,XQ06,,《建设工程安全生产管理条例》第六十四条,,",
                 GOOD[2], GOOD[3], GOOD[4]])),
        "import", 3, "unknown 事项类型 (category) '行政许诺'", True)
    B["unknown-department.csv"] = (
        u8(crlf([HDR, GOOD[0], GOOD[1], GOOD[2],
                 "061319001000,对校园周边食品经营者的监督检查,行政检查,XQ99,经济发展和项目审批类,《中华人民共和国食品安全法》第一百一十条,,",
                 GOOD[4]])),
        "import", 5, "unknown 主管部门 (department) 'XQ99'", True)
    B["duplicate-code.csv"] = (
        u8(crlf([HDR, GOOD[0], GOOD[1], GOOD[2],
                 "010619001000,建筑工程施工许可证核发（遗失补办）,行政许可,XQ06,经济发展和项目审批类,《中华人民共和国建筑法》第八条,,",
                 GOOD[3]])),
        "import", 5, "duplicate 事项编码 '010619001000' (first on line 2)", True)
    # GB18030 text with FF FE FD in the middle of line 3: 0xFF is never a
    # GB18030 byte, and it is followed by ASCII, so no decoder can resync
    # it into a character.  Lines 1-2 are GB18030, hence not UTF-8.
    gb = crlf([HDR, GOOD[0]]).encode("gb18030")
    gb += ("020619002000,对施工单位未按规定设置围挡的处罚,行政处罚,XQ06,,"
           "《建设工程安全生产管理条例》第六十").encode("gb18030")
    gb += b"\xff\xfe\xfd" + b"64," + ",\r\n".encode("gb18030")
    gb += crlf([GOOD[2], GOOD[3]]).encode("gb18030")
    B["invalid-bytes.csv"] = (
        gb, "import", 3, "bytes FF FE FD in 设定依据: neither UTF-8 nor GB18030 "
        "(the rest of the file is GB18030)", True)
    B["nul-byte.csv"] = (
        u8(crlf([HDR, GOOD[0], GOOD[1],
                 GOOD[2] + "含\x00初审", GOOD[3]])),
        "import", 4, "a NUL byte in 备注 (note)", True)
    long_basis = ("《建设工程质量管理条例》第五十七条：“违反本条例规定，建设单位未取得施工许可证或者开工报告"
                  "未经批准，擅自施工的，责令停止施工，限期改正，处工程合同价款百分之一以上百分之二以下的罚款。”")
    long_basis = (long_basis * (40000 // len(long_basis) + 1))[:40000]
    B["field-too-long.csv"] = (
        u8(crlf([HDR, GOOD[0],
                 "020619002000,对施工单位未按规定设置围挡的处罚,行政处罚,XQ06,,%s,," % long_basis,
                 GOOD[2]])),
        "import", 3, "设定依据 of 40000 characters (over the 32767 Excel holds in a cell)", True)
    B["empty.csv"] = (b"", "import", None, "empty file (0 bytes): no header", True)
    B["header-only.csv"] = (
        u8(crlf([HDR])), "import", None,
        "NOT an error: a header and no rows; imports nothing, exit 0", False)
    B["unterminated-quote.csv"] = (
        u8(crlf([HDR, GOOD[0],
                 '020619002000,对施工单位未按规定设置围挡的处罚,行政处罚,XQ06,,"《建设工程安全生产管理条例》第六十四条,,',
                 GOOD[2], GOOD[3]])),
        "import", 3, "a field opened with \" in 设定依据 is never closed (runs to the end of the file)", True)
    B["multiline-then-bad.csv"] = (
        u8(crlf([HDR,
                 '010519002000,建设工程规划许可证核发（补办）,行政许可,XQ05,经济发展和项目审批类,"《中华人民共和国城乡规划法》第四十条',
                 "《陕西省城乡规划条例》第三十五条",
                 '《建设工程规划许可证管理办法》第六条",,',
                 "100519001000,建设项目规划条件变更,行政备案,自然资源和规划局,经济发展和项目审批类,《中华人民共和国城乡规划法》第四十三条,,",
                 GOOD[3]])),
        "import", 5, "unknown 事项类型 (category) '行政备案'; the record before it spans lines 2-4 "
        "(a quoted 设定依据 with two line breaks), so the error is on line 5", True)
    B["bad-class.csv"] = (
        u8(crlf([HDR, GOOD[0], GOOD[1],
                 "010719001000,建设项目环境影响评价文件审批（重新报批）,01,XQ07,经济类别X,《中华人民共和国环境影响评价法》第二十四条,XQ07,",
                 GOOD[3]])),
        "import", 4, "unknown 事权类别 (class) '经济类别X'", True)
    B["units-unknown-kind.csv"] = (
        u8(crlf([UHDR, "XXXQ,西咸新区,new_area,,", "FDXC,沣东新城,new_city,XXXQ,",
                 "QDQ1,秦都区,区县,XXXQ,", "JZ01,三桥街道,street_town,XXXQ,沣东新城",
                 "XQ06,住房和城乡建设局,department,XXXQ,"])),
        "unit import", 4, "unknown 类型 (kind) '区县'", True)
    B["units-unknown-parent.csv"] = (
        u8(crlf([UHDR, "XXXQ,西咸新区,new_area,,", "QHXC,秦汉新城,new_city,XXXQ,",
                 "JZ10,正阳街道,street_town,NOPE,秦汉新城", "JZ11,窑店街道,street_town,XXXQ,秦汉新城",
                 "XQ16,社会事业局,department,西咸新区,"])),
        "unit import", 4, "unknown 上级 (parent) 'NOPE'", True)
    B["several-errors.csv"] = (
        u8(crlf([HDR,
                 "010619001000,建筑工程施工许可证核发（补办）,行政审批,XQ06,经济发展和项目审批类,《中华人民共和国建筑法》第七条,,",
                 GOOD[1],
                 "010719001000,建设项目环境影响评价文件审批（重新报批）,01,XQ99,经济发展和项目审批类,《中华人民共和国环境影响评价法》第二十四条,,",
                 GOOD[3],
                 "051629001000,,行政给付,XQ16,社会管理类,《社会救助暂行办法》第四十七条,,",
                 GOOD[5]])),
        "import", (2, 4, 6), "three errors, all must be reported: line 2 unknown category '行政审批', "
        "line 4 unknown department 'XQ99', line 6 empty 事项名称", True)
    B["gb18030-bad-category.csv"] = (
        crlf([HDR, GOOD[0],
              "020619002000,对施工单位未按规定设置围挡的处罚,行政审批,XQ06,,《建设工程安全生产管理条例》第六十四条,,",
              GOOD[2], GOOD[3]]).encode("gb18030"),
        "import", 3, "GB18030, CRLF: unknown 事项类型 (category) '行政审批'", True)
    return B


def check_bad(B):
    """Each bad file has the problem where the README says it is."""
    for name, (data, cmd, line, problem, err) in B.items():
        if name == "invalid-bytes.csv":
            for enc in ("utf-8", "gb18030"):
                try:
                    data.decode(enc)
                    raise AssertionError("%s decodes as %s" % (name, enc))
                except UnicodeDecodeError:
                    pass
            head = data.split(b"\xff")[0]
            assert head.count(b"\n") == 2          # the bytes are on line 3
            head.decode("gb18030")
            try:                                   # and lines 1-2 are not UTF-8
                head.decode("utf-8")
                raise AssertionError("lines 1-2 of %s are UTF-8" % name)
            except UnicodeDecodeError:
                pass
            continue
        if name == "empty.csv":
            assert data == b""
            continue
        text, _ = decode(data)
        if name == "unterminated-quote.csv":
            try:
                records(text, ",")
                raise AssertionError("quote closed")
            except ValueError as e:
                assert str(e).startswith("line 3:"), e
            continue
        recs = records(text, ",")
        ncol = len(recs[0][1])
        header_bad = name in ("missing-column.csv", "unknown-column.csv")
        # Every problem of every record: exactly one per bad line.
        bad_lines = []
        for ln, f in ([] if header_bad else recs[1:]):
            probs = []
            if "\x00" in "".join(f):
                probs.append("nul")
            if len(f) != ncol:
                probs.append("fields")
            if any(len(x) > 32767 for x in f):
                probs.append("long")
            v = dict(zip(recs[0][1], f))
            if "事项编码" in v and len(f) == ncol:
                if not v["事项编码"]:
                    probs.append("code")
                if not v["事项名称"]:
                    probs.append("name")
                if v["事项类型"] not in CAT_NAME and v["事项类型"] not in CAT_BY_NAME:
                    probs.append("category")
                if v["主管部门"] not in DEPT_NAME and v["主管部门"] not in DEPT_BY_NAME:
                    probs.append("department")
                if v["事权类别"] not in ("", ECON, SOCIAL):
                    probs.append("class")
                if v["实施主体"] not in ("", v["主管部门"]) and v["实施主体"] not in DEPT_NAME:
                    probs.append("holder")
                if v["事项编码"] in [g[1][0] for g in recs[1:] if g[0] < ln]:
                    probs.append("duplicate")
                if "\x00" not in v["备注"] and not (len(v["事项编码"]) in (0, 12)):
                    probs.append("code form")
            elif "类型" in v and len(f) == ncol:
                if v["类型"] not in ("new_area", "department", "new_city", "street_town"):
                    probs.append("kind")
                if v["上级"] and v["上级"] not in UNIT_NAME and v["上级"] not in UNIT_NAME.values():
                    probs.append("parent")
                if v["所在新城"] and v["所在新城"] not in CITY_NAME and v["所在新城"] not in CITY_NAME.values():
                    probs.append("within")
            assert len(probs) <= 1, (name, ln, probs)
            if probs:
                bad_lines.append(ln)
        want = [] if (line is None or header_bad) else \
            list(line) if isinstance(line, tuple) else [line]
        assert bad_lines == want, (name, bad_lines, want)
        if header_bad:
            cols = recs[0][1]
            assert ("事项名称" not in cols) if name.startswith("missing") else ("备考" in cols)
        if name == "multiline-then-bad.csv":
            assert [ln for ln, _ in recs] == [1, 2, 5, 6]
        if name == "field-too-long.csv":
            assert max(len(x) for x in recs[2][1]) == 40000


def write_bad(B):
    for name, (data, *_rest) in B.items():
        write_bytes(os.path.join(BAD, name), data)
    L = ["# Bad input files for the importer's tests",
         "",
         "Made by `tools/gen_fixtures.py`; do not edit by hand.  Each file has",
         "exactly one problem unless said otherwise; the import must fail with exit",
         "status 3, write nothing, and name the file and the physical line (the line",
         "the bad record starts on; the header is line 1).",
         "",
         "Setup: the powers files reference the fixture units, so import them first:",
         "",
         "    powers init",
         "    powers unit import fixtures/units.csv",
         "",
         "The unit files are self-contained (their parents are in the file): run them",
         "on a fresh registry.  Their good rows describe the same units as",
         "`fixtures/units.csv`.  Power codes in these files (sequence 9xxx, e.g.",
         "`010619001000`) are not used by `fixtures/powers.csv`.",
         "",
         "Unless noted, files are UTF-8 with a BOM and CRLF line ends, with the Chinese",
         "headers of `fixtures/powers.csv` / `fixtures/units.csv`.",
         "",
         "| file | command | line | problem |",
         "|---|---|---|---|"]
    for name, (data, cmd, line, problem, err) in B.items():
        if line is None:
            ln = "—"
        elif isinstance(line, tuple):
            ln = ", ".join(str(x) for x in line)
        else:
            ln = str(line)
        c = "`powers %s tests/cli/bad/%s`" % (cmd, name)
        w = problem if err else "**%s**" % problem
        L.append("| `%s` | %s | %s | %s |" % (name, c, ln, w.replace("|", "\\|")))
    L += ["",
          "Notes:",
          "",
          "- `invalid-bytes.csv` is GB18030 except for the three bytes FF FE FD in the",
          "  middle of line 3 (in 设定依据, followed by ASCII).  0xFF is never a GB18030",
          "  byte, so detection (BOM, UTF-8, GB18030) must refuse the file and point at",
          "  line 3; lines 1-2 are GB18030, so the file is not UTF-8 from line 1 on.",
          "- `empty.csv` is 0 bytes: refused (no header), no line to name.",
          "- `header-only.csv` is valid: it imports 0 powers and exits 0.",
          "- `unterminated-quote.csv`: the quote opened on line 3 swallows lines 4-5;",
          "  the error names line 3, where the record (and the quote) starts.",
          "- `several-errors.csv`: all three errors are reported, in line order, and",
          "  nothing is written.",
          "- `field-too-long.csv`: the field has 40000 characters (120000 bytes in",
          "  UTF-8); the limit is 32767 characters.",
          ""]
    write_bytes(os.path.join(BAD, "README.md"), "\n".join(L).encode("utf-8"))

# --------------------------------------------------------------------------


def main():
    rng = random.Random(SEED)
    powers = build_powers(rng)
    econ = [p for p in powers if p.cls == "economic"]
    assert len(econ) == 808 and len(powers) - len(econ) == 120

    outs = write_powers(powers)
    # Every powers file describes the same registry.
    want = sorted(p.key() for p in powers)
    for path, data in outs.items():
        got = read_powers(data)
        assert got == want, path
    # The features the files are meant to carry are really there.
    main_text = outs["powers.csv"].decode("gb18030")
    assert main_text.count("\r\n") > len(powers) and "\u3000" in main_text
    for path, data in outs.items():
        text, enc = decode(data)
        assert ("\u3000" in text or "  " in text), path
        assert '"' in text and "\n" in text
    assert outs["encodings/powers.utf16le.txt"][:2] == b"\xff\xfe"
    assert outs["encodings/powers.utf16be.txt"][:2] == b"\xfe\xff"
    # powers.cr.csv ends records with CR alone; its only LFs are the line
    # breaks inside the three multi-line legal bases (as Excel writes them).
    cr = outs["encodings/powers.cr.csv"]
    assert b"\r\n" not in cr and cr.count(b"\r") == len(powers) + 1
    assert cr.count(b"\n") == sum(p.basis.count("\n") for p in powers) == 4
    for p in powers:      # the main file is plain GBK-compatible too
        "".join(p.key()).encode("gbk")

    units = write_units()
    assert read_units(units["units.csv"]) == read_units(units["units-en.csv"])
    assert Counter(r[2] for r in read_units(units["units.csv"])) == \
        {"new_area": 1, "department": 20, "new_city": 5, "street_town": 19}

    entries, notes = build_delegations(rng, powers)
    reg = Registry(powers, entries)
    data = write_delegations(entries)
    # Read the log back and replay it.
    text, _ = decode(data)
    back = records(text, ",")[1:]
    assert [f for _, f in back] == [e.row() for e in entries]
    assert len(reg.delegated_to_cities("2022-02-15")) == 0
    assert len(reg.delegated_to_cities("2022-03-03")) == 720
    assert len(reg.delegated_to_cities(TODAY)) == 720
    assert {e.mode for e in entries} == {"delegate", "entrust", "revoke"}

    # The later changes, replayed after the 2022 log: the seed's figures
    # stay, the later ones move by what changed.
    changes, cnotes = build_changes(reg)
    reg2 = Registry(powers, entries + changes)
    cdata = write_delegations(changes, "changes.csv")
    text, _ = decode(cdata)
    assert [f for _, f in records(text, ",")[1:]] == [e.row() for e in changes]
    assert {e.mode for e in changes} == {"revoke", "cancel"}
    assert len(reg2.economic("2022-03-03")) == 808
    assert len(reg2.delegated_to_cities("2022-03-03")) == 720
    last = CHANGE_DATES[-1]
    assert len(reg2.economic(last)) == 806
    assert len(reg2.delegated_to_cities(last)) == 718
    assert len(reg2.held_by("FDXC", last)) == len(reg.held_by("FDXC", last)) - 2

    # The changes over time, replayed after changes.csv: the undone mistake
    # changes no figure, the seed's stay, the class change and the
    # retirement move what they touch.
    runs, revokes, lnotes = build_later(reg2)
    write_class_sheet("attributes.csv", runs[0])
    write_class_sheet("mistake.csv", runs[1])
    log3 = entries + changes + revokes
    retired = {lnotes["street"]: RETIRE[0]}
    reg_m = Registry(powers, entries + changes, runs[:2])
    reg3 = Registry(powers, log3, runs, retired)
    clean = Registry(powers, log3, runs[:1], retired)
    for d in LATER_DATES + STREET_DATES + [TODAY]:
        assert reg3.summary(d) == clean.summary(d), d
        assert reg3.by_street_town(d) == clean.by_street_town(d), d
        assert all(reg3.held_by(c, d) == clean.held_by(c, d) for c in CITY_CODES)
    assert reg_m.summary(LATER_EFFECTIVE) != reg3.summary(LATER_EFFECTIVE)
    assert reg3.summary("2022-03-03") == (808, 720, "89.11%", 88, 120)
    assert reg3.summary(CHANGE_CANCEL[0]) == reg2.summary(CHANGE_CANCEL[0])
    e0, e1 = reg3.summary(LATER_EFFECTIVE), reg2.summary(LATER_EFFECTIVE)
    assert (e0[0], e0[1], e0[4]) == (e1[0] - 1, e1[1], e1[4] + 1)
    assert reg3.summary(RETIRE[0]) == e0
    st = lnotes["street"]
    assert st in reg3.by_street_town(STREET_DATES[0])
    assert st not in reg3.by_street_town(RETIRE[0]) and not reg3.held_by(st, RETIRE[0])

    write_expected(powers, entries, reg, notes,
                   changes_section(reg2, changes, cnotes) +
                   later_section(reg2, reg_m, reg3, revokes, lnotes))

    B = bad_files()
    check_bad(B)
    write_bad(B)

    for path in sorted(list(outs) + list(units) + ["delegations.csv", "changes.csv",
                                            "attributes.csv", "mistake.csv",
                                            "EXPECTED.md"]):
        full = os.path.join(FIX, path)
        print("%-40s %8d bytes" % ("fixtures/" + path, os.path.getsize(full)))
    print("tests/cli/bad/: %d files + README.md" % len(B))
    return 0


if __name__ == "__main__":
    sys.exit(main())
