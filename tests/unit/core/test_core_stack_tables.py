"""Stacked tables: on phones each cell is led by its column's name, copied from the header."""

from __future__ import annotations

from app.web.stacktables import stack_tables

TABLE = (
    '<table class="stack" data-testid="t"><caption>Rollen</caption>'
    '<thead><tr><th scope="col">Account</th><th scope="col"><span>Rol &amp; "taak"</span></th>'
    "</tr></thead><tbody>"
    "<tr><td>a@example.org</td><td>Beheerder</td></tr>"
    '<tr><td colspan="2">Niets te tonen</td></tr>'
    '<tr><th scope="row">b@example.org</th><td data-label="Eigen">Raadslid</td></tr>'
    "</tbody></table><table><thead><tr><th>X</th></tr></thead><tbody><tr><td>1</td></tr>"
    "</tbody></table>"
)


def test_cells_get_their_column_name_and_other_tables_are_untouched() -> None:
    out = str(stack_tables(TABLE))
    assert '<td data-label="Account">a@example.org</td>' in out
    assert '<td data-label="Rol &amp; &#34;taak&#34;">Beheerder</td>' in out
    assert '<td colspan="2">Niets te tonen</td>' in out
    assert '<th scope="row" data-label="Account">b@example.org</th>' in out
    assert '<td data-label="Eigen">Raadslid</td>' in out
    assert "<tr><td>1</td></tr>" in out  # a table without the class is left as it is


def test_a_column_named_only_for_screen_readers_gets_no_visible_label() -> None:
    table = (
        '<table class="stack"><thead><tr><th>Rol</th><th><span class="visually-hidden">Actie'
        "</span></th></tr></thead><tbody><tr><td>Beheerder</td><td><button>Intrekken</button>"
        "</td></tr></tbody></table>"
    )
    out = str(stack_tables(table))
    assert '<td data-label="Rol">Beheerder</td>' in out
    assert "<td><button>" in out


def test_a_page_without_stacked_tables_is_unchanged() -> None:
    assert str(stack_tables("<p>geen tabel</p>")) == "<p>geen tabel</p>"


def test_footer_rows_are_labelled_too() -> None:
    table = (
        '<table class="stack"><thead><tr><th>Buurt</th><th class="num">Online</th></tr></thead>'
        '<tbody><tr><th scope="row">Noord</th><td class="num">3</td></tr></tbody>'
        '<tfoot><tr><th scope="row">Totaal</th><td class="num">3</td></tr></tfoot></table>'
    )
    out = str(stack_tables(table))
    assert out.count('<td class="num" data-label="Online">3</td>') == 2
    assert '<th scope="row" data-label="Buurt">Totaal</th>' in out


def test_a_cell_after_a_spanning_cell_gets_the_name_of_its_own_column() -> None:
    table = (
        '<table class="stack"><thead><tr><th>Naam</th><th>Soort</th><th class="num">Bedrag</th>'
        '</tr></thead><tbody><tr><td>a</td><td>b</td><td class="num">1</td></tr></tbody>'
        '<tfoot><tr><th scope="row" colspan="2">Som</th><td class="num">1</td></tr></tfoot></table>'
    )
    out = str(stack_tables(table))
    assert out.count('<td class="num" data-label="Bedrag">1</td>') == 2
    assert '<th scope="row" colspan="2">Som</th>' in out
