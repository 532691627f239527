"""Report templates, typed value parsing, the support check, writers and the beat schedule."""

from __future__ import annotations

import csv
import json
from datetime import timedelta
from pathlib import Path

import pytest

from mmrag.agents.reports import (
    FieldResult,
    FieldStatus,
    ReportField,
    ReportResult,
    ReportRow,
    TemplateError,
    extract_field,
    find_dates,
    find_numbers,
    load_template,
    parse_template,
    split_list,
    supported,
    write_report,
)
from mmrag.platform.models import Answer, Chunk, Citation, ElementKind, Modality, Provenance
from mmrag.platform.schedules import (
    TASK_RUN_REPORT,
    TASK_SYNC_FOLDER,
    ScheduleError,
    beat_schedule,
    format_out_dir,
)
from mmrag.platform.settings import Settings

pytestmark = pytest.mark.unit

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

PROSE = (
    "Annual Summary 2024\n\n1. Overview\n\nThe utility served 48,250 customers in 2024, up from "
    "46,900 the year before. The\n\nnew ultraviolet unit at the Millbrook plant entered service "
    "in June\n\n2024. Average daily demand was 31.4 megalitres; the summer peak reached 42.7\n\n"
    "megalitres on 18 July. Leakage fell to 14.2 percent after 61 kilometres of mains were renewed."
)
TABLE = (
    "Ashcombe | Capacity (ML): 5,200; Lowest level: 58%; Month of low: August\n"
    "Brackenfold | Capacity (ML): 3,150; Lowest level: 49%; Month of low: September\n"
    "Colley Moor | Capacity (ML): 1,870; Lowest level: 62%; Month of low: August"
)


def _chunk(cid: str, text: str, kind: ElementKind = ElementKind.TEXT, page: int = 1) -> Chunk:
    modality = Modality.TABLE if kind is ElementKind.TABLE else Modality.TEXT
    prov = Provenance(source_id="s1", uri="/d/annual.pdf", filename="annual.pdf", page=page)
    return Chunk(id=cid, text=text, modality=modality, kind=kind, provenance=prov, content_hash="h")


def _answer(quote: str, *chunks: Chunk, found: bool = True) -> Answer:
    cites = []
    for chunk in chunks:
        cite = Citation.from_chunk(chunk, 1.0)
        cite.snippet = quote[:300]
        cites.append(cite)
    return Answer(answer=quote, found=found, citations=cites, evidence=cites)


def _field(**kw: object) -> ReportField:
    return ReportField.model_validate({"name": "f", "question": "q?", **kw})


# ---------------------------------------------------------------- templates


def test_example_template_loads() -> None:
    template = load_template(EXAMPLES / "report_template.yaml")
    names = [f.name for f in template.fields]
    assert "customers_served" in names and "lowest_reservoir_level" in names
    assert {f.type.value for f in template.fields} >= {"number", "date", "text"}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"name": "r", "fields": []}, "fields: List should have at least 1 item"),
        (
            {"name": "r", "fields": [{"name": "a", "question": "How many?", "type": "money"}]},
            "fields[0] 'a'.type: Input should be 'number', 'date', 'text', 'list' or 'table'",
        ),
        (
            {"name": "r", "fields": [{"name": "a b", "question": "How many?"}]},
            "fields[0] 'a b'.name: String should match pattern",
        ),
        (
            {"name": "r", "fields": [{"name": "a", "question": "Why?", "colour": "red"}]},
            "fields[0] 'a'.colour: Extra inputs are not permitted",
        ),
        (
            {
                "name": "r",
                "fields": [
                    {"name": "a", "question": "Why?"},
                    {"name": "a", "question": "How?"},
                ],
            },
            "duplicate field name 'a'",
        ),
        (
            {
                "name": "r",
                "fields": [{"name": "a", "question": "Why?", "validation": {"pattern": "("}}],
            },
            "fields[0] 'a'.validation.pattern: Value error, invalid regular expression",
        ),
        ([1, 2], "expected a mapping"),
    ],
)
def test_template_errors_say_where(data: object, expected: str) -> None:
    with pytest.raises(TemplateError) as err:
        parse_template(data, source="t.yaml")
    assert "report template t.yaml" in err.value.message
    assert expected in err.value.message


def test_template_yaml_syntax_error_has_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: r\nfields:\n  - name: a\n    question: [unclosed\n")
    with pytest.raises(TemplateError, match=r"not valid YAML \(line \d+"):
        load_template(path)


# ---------------------------------------------------------------- value parsing


def test_numbers_with_separators_units_scale_and_words() -> None:
    got = [
        (c.value, c.unit) for c in find_numbers("served 48,250 customers and 49% of £1.2 million")
    ]
    assert got == [(48250, "customers"), (49, "%"), (1_200_000, "£")]
    assert [c.value for c in find_numbers("-3.5 degrees, not 2024-06-18")] == [-3.5]
    spoken = find_numbers("the reservoir is at fifty one percent")
    assert [(c.value, c.unit, c.surface) for c in spoken] == [(51, "%", "fifty one percent")]


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("entered service in June 2024.", "2024-06"),
        ("peaked on 18 July 2024", "2024-07-18"),
        ("signed July 4, 1999", "1999-07-04"),
        ("due 2025-01-31", "2025-01-31"),
        ("on 03/04/2024", "2024-04-03"),
        ("on 18 July", "--07-18"),
        ("low in August", "--08"),
    ],
)
def test_dates_normalise_to_iso(text: str, iso: str) -> None:
    assert [c.value for c in find_dates(text)] == [iso]


def test_invalid_dates_are_ignored() -> None:
    assert find_dates("on 31/02/2024 and 2024-13-01") == []


def test_list_items_after_intro_or_colon() -> None:
    assert split_list("The reservoirs are Ashcombe, Brackenfold and Colley Moor.") == [
        "Ashcombe",
        "Brackenfold",
        "Colley Moor",
    ]
    assert split_list("Owners: A. Smith; B. Jones; the C team") == [
        "A. Smith",
        "B. Jones",
        "C team",
    ]


def test_support_check() -> None:
    chunk = "The utility served 48,250\ncustomers in 2024."
    assert supported("48,250 customers", chunk)
    assert supported("48250", chunk, 48250)  # same value, other spelling
    assert not supported("48,520", chunk, 48520)
    assert not supported("Millbrook", chunk)


# ---------------------------------------------------------------- extraction from evidence


def test_number_nearest_the_question_terms_in_cited_text() -> None:
    prose = _chunk("c1", PROSE)
    item = _field(question="How many customers did the utility serve in 2024?", type="number")
    result = extract_field(item, _answer(PROSE.split(". ", maxsplit=1)[0], prose), {"c1": prose})
    assert result.status is FieldStatus.FOUND
    assert result.value == 48250 and result.text == "48,250"
    assert result.citation is not None and result.citation.page == 1
    assert "48,250" in result.quote


def test_quote_cut_by_layout_is_healed_from_the_chunk() -> None:
    prose = _chunk("c1", PROSE)
    # The answer quoted a line that the PDF layout cut before the unit/year.
    peak = extract_field(
        _field(question="What was the summer peak demand?", type="number", units=["megalitres"]),
        _answer("Average daily demand was 31.4 megalitres; the summer peak reached 42.7", prose),
        {"c1": prose},
    )
    assert (peak.status, peak.value, peak.unit) == (FieldStatus.FOUND, 42.7, "megalitres")
    when = extract_field(
        _field(question="When did the ultraviolet unit enter service?", type="date"),
        _answer("new ultraviolet unit at the Millbrook plant entered service in June", prose),
        {"c1": prose},
    )
    assert (when.status, when.value) == (FieldStatus.FOUND, "2024-06")


def test_superlative_question_takes_the_extreme_row_of_a_table() -> None:
    table = _chunk("t1", TABLE, ElementKind.TABLE)
    item = _field(question="What was the lowest reservoir level?", type="number", units=["%"])
    result = extract_field(item, _answer(TABLE.splitlines()[0], table), {"t1": table})
    assert (result.status, result.value) == (FieldStatus.FOUND, 49)
    assert result.quote.startswith("Brackenfold")


def test_row_specific_question_reads_its_row() -> None:
    table = _chunk("t1", TABLE, ElementKind.TABLE)
    item = _field(question="What is the capacity of Colley Moor?", type="number")
    result = extract_field(item, _answer(TABLE, table), {"t1": table})
    assert result.value == 1870


def test_answer_not_about_the_question_is_missing() -> None:
    prose = _chunk("c1", PROSE)
    item = _field(question="How many employees does the utility have?", type="number")
    result = extract_field(item, _answer(PROSE.split(". ", maxsplit=1)[0], prose), {"c1": prose})
    assert result.status is FieldStatus.MISSING
    assert "employees" in result.reason and result.value is None


def test_refusal_is_missing_with_reason() -> None:
    refused = Answer(
        answer="no",
        found=False,
        trace=[{"tool": "extractive", "outcome": "refused", "missing": ["employees"]}],
    )
    result = extract_field(_field(question="How many staff?", type="number"), refused, {})
    assert result.status is FieldStatus.MISSING
    assert "employees" in result.reason


def test_wrong_unit_or_failed_validation_is_invalid_not_invented() -> None:
    prose = _chunk("c1", PROSE)
    answer = _answer(PROSE.split(". ", maxsplit=1)[0], prose)
    wrong_unit = extract_field(
        _field(question="How many customers were served?", type="number", units=["kg"]),
        answer,
        {"c1": prose},
    )
    assert wrong_unit.status is FieldStatus.INVALID
    assert wrong_unit.value is None and "kg" in wrong_unit.reason
    too_big = extract_field(
        _field(
            question="How many customers were served?",
            type="number",
            validation={"max": 1000},
        ),
        answer,
        {"c1": prose},
    )
    assert too_big.status is FieldStatus.INVALID and "above the maximum" in too_big.reason


def test_value_absent_from_the_cited_chunk_is_invalid() -> None:
    # An LLM-style answer whose number is not in the chunk it cites.
    chunk = _chunk("c1", "The utility served many customers in 2024.")
    answer = Answer(
        answer="It served 50,000 customers [1].",
        found=True,
        citations=[Citation.from_chunk(chunk, 1.0)],
    )
    result = extract_field(
        _field(question="How many customers were served?", type="number"), answer, {"c1": chunk}
    )
    assert result.status is not FieldStatus.FOUND and result.value is None


def test_text_and_choices_and_table_fields() -> None:
    prose = _chunk("c1", PROSE)
    table = _chunk("t1", TABLE, ElementKind.TABLE)
    text = extract_field(
        _field(question="What happened to the leakage?", type="text"),
        _answer("Leakage fell to 14.2 percent after 61", prose),
        {"c1": prose},
    )
    assert text.status is FieldStatus.FOUND
    assert text.value.startswith("Leakage fell to 14.2 percent") and text.value.endswith("renewed.")
    month = extract_field(
        _field(
            question="In which month was Brackenfold lowest?",
            type="text",
            validation={"choices": ["August", "September"]},
        ),
        _answer(TABLE, table),
        {"t1": table},
    )
    assert month.value == "September"
    whole = extract_field(
        _field(question="What are the reservoir capacities?", type="table"),
        _answer(TABLE, table),
        {"t1": table},
    )
    assert whole.status is FieldStatus.FOUND
    assert whole.value[1][0] == "Brackenfold" and len(whole.value) == 3


# ---------------------------------------------------------------- writers


def _result() -> ReportResult:
    fields = [
        ReportField(name="customers", question="How many customers?", type="number"),
        ReportField(name="when", question="When?", type="date"),
    ]
    cite = Citation.from_chunk(_chunk("c1", PROSE), 1.0)
    rows = [
        ReportRow(
            source_id=f"s{i}",
            filename=f"doc{i}.pdf",
            uri=f"/d/doc{i}.pdf",
            fields={
                "customers": FieldResult(
                    field="customers",
                    status=FieldStatus.FOUND,
                    value=1000 * (i + 1),
                    text=f"{i + 1},000",
                    citation=cite,
                    quote="q | with pipe",
                ),
                "when": FieldResult(field="when", status=FieldStatus.MISSING, reason="<absent>"),
            },
        )
        for i in range(3)
    ]
    return ReportResult(
        template="t", title="T", rows=rows, fields=fields, started_at=0, finished_at=1
    )


def test_writers_produce_csv_json_markdown_html_and_png(tmp_path: Path) -> None:
    files = write_report(_result(), tmp_path / "out")
    assert set(files) == {"csv", "json", "md", "html", "png"}
    with files["csv"].open() as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 3
    assert rows[1]["customers"] == "2000" and rows[1]["customers_citation"] == "annual.pdf p.1"
    assert rows[0]["when_status"] == "missing" and rows[0]["when_reason"] == "<absent>"
    data = json.loads(files["json"].read_text())
    assert data["counts"]["customers"] == {"found": 3, "missing": 0, "invalid": 0}
    assert data["rows"][2]["fields"]["customers"]["citation"]["page"] == 1
    md = files["md"].read_text()
    assert "| doc0.pdf | 1,000 [annual.pdf p.1] | missing: <absent> |" in md
    assert "q \\| with pipe" in md and "![numeric fields](report.png)" in md
    page = files["html"].read_text()
    assert "&lt;absent&gt;" in page and "<absent>" not in page and 'src="report.png"' in page
    assert files["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_no_plot_without_numeric_values(tmp_path: Path) -> None:
    result = _result()
    for row in result.rows:
        row.fields["customers"] = FieldResult(field="customers", status=FieldStatus.MISSING)
    files = write_report(result, tmp_path)
    assert "png" not in files and "numeric fields" not in files["md"].read_text()


# ---------------------------------------------------------------- schedules


def test_beat_schedule_from_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from celery.schedules import crontab

    (tmp_path / "water.yaml").write_text("name: x\nfields: []\n")
    path = tmp_path / "conf" / "schedules.yaml"
    path.parent.mkdir()
    path.write_text(
        "schedules:\n"
        "  - name: weekly\n    task: report\n    cron: '30 6 * * 1'\n"
        "    args: {template: ../water.yaml, source_ids: [a]}\n"
        "  - name: inbox\n    task: sync_folder\n    every_s: 300\n    args: {folder: /srv/in}\n"
        "  - name: paused\n    task: sync_folder\n    every_s: 5\n    enabled: false\n"
        "    args: {folder: /x}\n"
    )
    monkeypatch.setenv("MMRAG_SCHEDULES_FILE", str(path))
    settings = Settings(data_dir=tmp_path / "data")
    schedule = beat_schedule(settings)
    assert set(schedule) == {"weekly", "inbox"}
    weekly = schedule["weekly"]
    assert weekly["task"] == TASK_RUN_REPORT
    assert weekly["schedule"] == crontab(minute="30", hour="6", day_of_week="1")
    assert weekly["kwargs"]["template_path"] == str((tmp_path / "water.yaml").resolve())
    assert weekly["kwargs"]["source_ids"] == ["a"]
    assert weekly["kwargs"]["out_dir"].endswith("reports/weekly/{timestamp}")
    assert schedule["inbox"] == {
        "task": TASK_SYNC_FOLDER,
        "schedule": timedelta(seconds=300),
        "kwargs": {"folder": "/srv/in"},
        "options": {"queue": "light"},
    }


def test_default_schedules_file_and_missing_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MMRAG_SCHEDULES_FILE", raising=False)
    settings = Settings(data_dir=tmp_path)
    assert beat_schedule(settings) == {}
    (tmp_path / "schedules.yaml").write_text(
        '[{"name": "d", "task": "report", "cron": "@daily", "args": {"template": "t.yaml"}}]'
    )
    assert beat_schedule(settings)["d"]["kwargs"]["template_path"] == str(tmp_path / "t.yaml")


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("{name: a, task: report, args: {template: t.yaml}}", "exactly one of 'cron' or 'every_s'"),
        ("{name: a, task: report, cron: '61 * * * *', args: {template: t}}", "cron '61 * * * *'"),
        ("{name: a, task: report, cron: '* * *', args: {template: t}}", "must have 5 fields"),
        ("{name: a, task: mail, every_s: 5}", "Input should be 'report' or 'sync_folder'"),
        ("{name: a, task: sync_folder, every_s: 5}", "needs args.folder"),
    ],
)
def test_schedule_errors_name_the_entry(tmp_path: Path, entry: str, expected: str) -> None:
    path = tmp_path / "schedules.yaml"
    path.write_text(f"schedules:\n  - {entry}\n")
    with pytest.raises(ScheduleError) as err:
        beat_schedule(Settings(data_dir=tmp_path), path)
    assert "schedules.0 (a)" in err.value.message
    assert expected in err.value.message


def test_out_dir_placeholders() -> None:
    from datetime import UTC, datetime

    now = datetime(2025, 1, 31, 6, 0, tzinfo=UTC)
    assert (
        format_out_dir("r/{name}/{date}/{timestamp}", "w", now) == "r/w/2025-01-31/20250131T060000Z"
    )
