"""Error summaries name the field's label and link to the field (NL Design System pattern)."""

from __future__ import annotations

from app.web.errorlabels import label_errors

PAGE = """
<div class="error-summary"><ul>
<li><a href="#title" data-error-field="title">Dit veld is verplicht.</a></li>
<li><a href="#outcome" data-error-field="outcome">Kies een uitkomst.</a></li>
<li><a href="#form" data-error-field="form">Er ging iets mis.</a></li>
</ul></div>
<form>
<label for="title">Titel <span class="hint">(verplicht)</span>:</label><input id="title">
<fieldset id="outcome"><legend>Uitkomst van de &lt;beoordeling&gt;</legend></fieldset>
</form>
"""


def test_each_link_names_its_label_and_keeps_pointing_at_the_field() -> None:
    out = str(label_errors(PAGE))
    assert (
        '<a href="#title" data-error-field="title"><span class="error-field-label">'
        "Titel (verplicht)</span>: Dit veld is verplicht.</a>"
    ) in out
    assert (
        '<span class="error-field-label">Uitkomst van de &lt;beoordeling&gt;</span>: '
        "Kies een uitkomst."
    ) in out


def test_a_problem_without_a_field_on_the_page_is_plain_text_not_a_dead_link() -> None:
    out = str(label_errors(PAGE))
    assert '<span data-error-field="form">Er ging iets mis.</span>' in out
    assert 'href="#form"' not in out


def test_pages_without_a_summary_are_left_as_they_are() -> None:
    html = "<p>Geen fouten</p><label for=x>X</label>"
    assert str(label_errors(html)) == html
