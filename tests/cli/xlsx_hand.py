#!/usr/bin/env python3
"""Hand-made .xlsx workbooks for tests/cli/t_xlsxin.sh: the parts of the
format libxlsxwriter never writes (inline strings, rich text with phonetic
runs, formulas with cached values, cells and rows left out, a sheet part
found only through the workbook's relationships, the 1904 date system)
and the files the reader must refuse (a zip bomb, an encrypted entry, an
.xls, an .xlsb, a zip that is no workbook).

usage: xlsx_hand.py KIND OUT
"""
import sys
import zipfile

CT = ('<?xml version="1.0" encoding="UTF-8"?>'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="xml" ContentType="application/xml"/></Types>')
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def workbook(sheets, date1904=False):
    pr = '<workbookPr date1904="1"/>' if date1904 else '<workbookPr/>'
    s = ''.join('<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (n, i + 1, i + 7)
                for i, (n, _) in enumerate(sheets))
    rels = ''.join('<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/worksheet" Target="%s"/>' % (i + 7, t)
                   for i, (_, t) in enumerate(sheets))
    return ('<?xml version="1.0" encoding="UTF-8"?><workbook %s>%s<sheets>%s</sheets></workbook>'
            % (NS, pr, s),
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships">%s</Relationships>' % rels)


# Styles: 0 general, 1 built-in date 14, 2 a custom date code, 3 a time
# of day only ([h]:mm, no date), 4 text.
STYLES = ('<?xml version="1.0" encoding="UTF-8"?><styleSheet %s>'
          '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
          '<numFmt numFmtId="165" formatCode="[h]:mm"/></numFmts>'
          '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/>'
          '<xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165" applyNumberFormat="1"/>'
          '<xf numFmtId="49" applyNumberFormat="1"/></cellXfs></styleSheet>' % NS)

SST = ('<?xml version="1.0" encoding="UTF-8"?><sst %s count="4" uniqueCount="4">'
       '<si><t>事项编码</t></si><si><t>事项名称</t></si>'
       # rich text: runs concatenated, the phonetic run left out
       '<si><r><rPr><b/></rPr><t>政府信息</t></r><r><t xml:space="preserve">依申请公开</t></r>'
       '<rPh sb="0" eb="2"><t>ZHENGFU</t></rPh></si>'
       '<si><t>XQ01</t></si></sst>' % NS)


def sheet_xml(rows):
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet %s><sheetData>%s'
            '</sheetData></worksheet>' % (NS, ''.join(rows)))


def basic():
    """Powers: the header in shared strings, then rows in every kind of cell."""
    rows = [
        # a title above, in an inline string, merged in Excel's eyes
        '<row r="1"><c r="A1" t="inlineStr"><is><t>西咸新区事项清单</t></is></c></row>',
        # row 2 left out; the header on row 3, columns A..E
        '<row r="3"><c r="A3" t="s"><v>0</v></c><c r="B3" t="s"><v>1</v></c>'
        '<c r="C3" t="inlineStr"><is><t>事项类型</t></is></c>'
        '<c r="D3" t="inlineStr"><is><t>主管部门</t></is></c>'
        '<c r="F3" t="inlineStr"><is><t>备注</t></is></c></row>',
        # rich text name, a formula giving the category, a shared string
        '<row r="4"><c r="A4" t="inlineStr"><is><t>100120001000</t></is></c>'
        '<c r="B4" t="s"><v>2</v></c>'
        '<c r="C4" t="str"><f>"其他"&amp;"行政权力"</f><v>其他行政权力</v></c>'
        '<c r="D4" t="s"><v>3</v></c>'
        '<c r="F4" t="b"><v>1</v></c></row>',
        # column E (no name in the header) left out, cells out of the
        # order of columns A..D, F a number
        '<row r="5"><c r="A5" s="4" t="inlineStr"><is><t>100120002000</t></is></c>'
        '<c r="B5" t="inlineStr"><is><t>第二项</t></is></c>'
        '<c r="C5" t="inlineStr"><is><r><t>其他</t></r><r><t>行政权力</t></r></is></c>'
        '<c r="D5" t="inlineStr"><is><t>XQ01</t></is></c>'
        '<c r="F5"><v>2.5</v></c></row>',
        # dates in the note: built-in 14, a custom code, a time only
        '<row r="6"><c r="A6" t="inlineStr"><is><t>100120003000</t></is></c>'
        '<c r="B6" t="inlineStr"><is><t>  信访事项复查  </t></is></c>'
        '<c r="C6" t="inlineStr"><is><t>10</t></is></c>'
        '<c r="D6" t="inlineStr"><is><t>XQ01</t></is></c>'
        '<c r="F6" s="2"><v>44621</v></c></row>',
        '<row r="8"><c r="A8" t="inlineStr"><is><t>100120004000</t></is></c>'
        '<c r="B8" t="inlineStr"><is><t>第四项</t></is></c>'
        '<c r="C8" t="inlineStr"><is><t>10</t></is></c>'
        '<c r="D8" t="inlineStr"><is><t>XQ01</t></is></c>'
        '<c r="F8" s="1"><f>DATE(2022,3,1)</f><v>44621.75</v></c></row>',
        '<row r="9"><c r="A9" t="inlineStr"><is><t>100120005000</t></is></c>'
        '<c r="B9" t="inlineStr"><is><t>第五项</t></is></c>'
        '<c r="C9" t="inlineStr"><is><t>10</t></is></c>'
        '<c r="D9" t="inlineStr"><is><t>XQ01</t></is></c>'
        '<c r="F9" s="3"><v>1.5</v></c></row>',
    ]
    return rows


def write(out, files, compress=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(out, 'w', compress) as z:
        for name, data in files:
            z.writestr(name, data)


def book(out, rows, date1904=False, extra=()):
    wb, rels = workbook([('事项', 'worksheets/data.xml')], date1904)
    write(out, [('[Content_Types].xml', CT), ('xl/workbook.xml', wb),
                ('xl/_rels/workbook.xml.rels', rels), ('xl/styles.xml', STYLES),
                ('xl/sharedStrings.xml', SST),
                ('xl/worksheets/data.xml', sheet_xml(rows))] + list(extra))


def main():
    kind, out = sys.argv[1], sys.argv[2]
    if kind == 'basic':
        book(out, basic())
    elif kind == 'date1904':
        book(out, basic(), date1904=True)
    elif kind == 'bomb':
        # 50 MB of one repeated row in a comment: deflate makes it ~50 KB
        rows = basic() + ['<!--' + 'x' * (50 << 20) + '-->']
        book(out, rows)
    elif kind == 'encrypted':
        book(out, basic())
        # Set the "encrypted" bit of every entry, local and central: the
        # reader must refuse, not try to inflate what it cannot read.
        data = bytearray(open(out, 'rb').read())
        for sig, off in ((b'PK\x03\x04', 6), (b'PK\x01\x02', 8)):
            i = data.find(sig)
            while i != -1:
                data[i + off] |= 1
                i = data.find(sig, i + 4)
        open(out, 'wb').write(data)
    elif kind == 'xls':
        open(out, 'wb').write(b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1' + b'\0' * 504)
    elif kind == 'xlsb':
        write(out, [('[Content_Types].xml', CT), ('xl/workbook.bin', b'\x83\x01\x00')])
    elif kind == 'notbook':
        write(out, [('readme.txt', 'a zip archive, no workbook')])
    elif kind == 'nosheet':
        wb, rels = workbook([('事项', 'worksheets/gone.xml')])
        write(out, [('[Content_Types].xml', CT), ('xl/workbook.xml', wb),
                    ('xl/_rels/workbook.xml.rels', rels)])
    elif kind == 'badxml':
        book(out, basic() + ['<row r="10"><c r="A10"><v>1</c></row>'])
    else:
        sys.exit('xlsx_hand.py: unknown kind ' + kind)


main()
