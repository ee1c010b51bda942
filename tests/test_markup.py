"""The shared HTML builders escape every piece of text unless it is marked as markup."""

from trustgrid.markup import Markup, bullets, escape, para, style_sheet, table


def test_table_escapes_every_cell_heading_and_caption():
    out = table(("<h>", "B"), [("<b>x</b>", 1), ("a & 'b'", Markup("<br>"))], caption="<c>")
    assert out == ("<table><caption>&lt;c&gt;</caption><thead><tr><th scope='col'>&lt;h&gt;</th>"
                   "<th scope='col'>B</th></tr></thead><tbody>"
                   "<tr><td>&lt;b&gt;x&lt;/b&gt;</td><td>1</td></tr>"
                   "<tr><td>a &amp; &#x27;b&#x27;</td><td><br></td></tr></tbody></table>")
    assert isinstance(out, Markup)


def test_table_row_headers_and_attributes():
    out = table(["#", "What"], [[1, "x"]], row_headers=True, cls="t", caption="Cap",
                caption_style="text-align:left", cell_style="padding:4px")
    assert out == ("<table class='t'><caption style='text-align:left'>Cap</caption><thead><tr>"
                   "<th scope='col' style='padding:4px'>#</th>"
                   "<th scope='col' style='padding:4px'>What</th></tr></thead><tbody><tr>"
                   "<th scope='row' style='padding:4px'>1</th><td style='padding:4px'>x</td>"
                   "</tr></tbody></table>")
    assert table(["A"], [], style="a'b") == ("<table style='a&#x27;b'><thead><tr>"
                                             "<th scope='col'>A</th></tr></thead><tbody></tbody>"
                                             "</table>")


def test_paragraphs_and_lists():
    assert para("<i>") == "<p>&lt;i&gt;</p>"
    assert para("x", style="margin:0", cls="k") == "<p class='k' style='margin:0'>x</p>"
    assert bullets(["<a>", Markup("<em>b</em>")]) == "<ul><li>&lt;a&gt;</li><li><em>b</em></li></ul>"
    assert bullets(iter(["1"]), style="m", ordered=True) == "<ol style='m'><li>1</li></ol>"
    assert bullets([]) == "<ul></ul>"
    assert escape(Markup("<b>")) == "<b>" and escape(3) == "3"


def test_style_sheet_holds_the_css_file_beside_a_module(tmp_path):
    (tmp_path / "a.css").write_text(".x { color: red; }\n")
    assert style_sheet(str(tmp_path / "m.py"), "a.css") == "<style>\n.x { color: red; }\n</style>"
