"""The eval runner, loader and reports, driven by a fake ``ask`` with hand-written answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console

from mmrag.agents.evaluation import (
    compare_reports,
    eval_command,
    load_items,
    load_report,
    load_unanswerable,
    run_eval,
)
from mmrag.agents.evaluation.report import compare_command
from mmrag.platform.errors import InputError
from mmrag.platform.models import Answer, Citation, Modality

pytestmark = pytest.mark.unit

ITEMS: list[dict[str, object]] = [
    {"id": "t1", "file": "pdf/report.pdf", "modality": "text", "question": "Q-t1",
     "answer_contains": ["geosmin"], "page": 1, "t_start": None, "t_end": None},
    {"id": "t2", "file": "pdf/report.pdf", "modality": "table", "question": "Q-t2",
     "answer_contains": ["1,096", "1096"], "page": 2, "t_start": None, "t_end": None},
    {"id": "a1", "file": "audio/call.mp3", "modality": "audio", "question": "Q-a1",
     "answer_contains": ["Cooper Lane"], "page": None, "t_start": 153.6, "t_end": 164.2},
    {"id": "a2", "file": "audio/call.mp3", "modality": "audio", "question": "Q-a2",
     "answer_contains": ["112"], "page": None, "t_start": 197.2, "t_end": 206.8},
]  # fmt: skip


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    for rel in ("pdf/report.pdf", "audio/call.mp3"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(b"x")
    (root / "qa.jsonl").write_text("\n".join(json.dumps(i) for i in ITEMS) + "\n\n")
    (root / "unanswerable.txt").write_text("# comment\nQ-u1\n\nQ-u2\n")
    return root


def _cit(
    root: Path, rel: str, page: int | None = None, t: tuple[float, float] | None = None
) -> Citation:
    return Citation(
        file=Path(rel).name, uri=str(root / rel), source_id="s", chunk_id="c",
        modality=Modality.AUDIO if t else Modality.TEXT, page=page,
        t_start=t[0] if t else None, t_end=t[1] if t else None,
    )  # fmt: skip


def fake_answers(root: Path) -> dict[str, Answer]:
    pdf, mp3 = "pdf/report.pdf", "audio/call.mp3"
    return {
        # right page cited second, right answer: hit, correct, precision 0.5
        "Q-t1": Answer(
            answer="The taste came from geosmin (report.pdf p. 1).",
            found=True,
            citations=[_cit(root, pdf, 2), _cit(root, pdf, 1)],
        ),
        # wrong page, and only the cited page number "2" -> miss, wrong
        "Q-t2": Answer(answer="See report.pdf p. 2", found=True, citations=[_cit(root, pdf, 3)]),
        # whole-recording span: a miss; the text is right: correct
        "Q-a1": Answer(
            answer="At the Cooper Lane site.",
            found=True,
            citations=[_cit(root, mp3, t=(0.0, 283.0))],
        ),
        # right span but refused: hit, not correct, no precision
        "Q-a2": Answer(
            answer="Not found.", found=False, citations=[_cit(root, mp3, t=(196.0, 207.0))]
        ),
        "Q-u1": Answer(answer="The corpus does not say.", found=False),
        "Q-u2": Answer(answer="Probably 42 days.", found=True, citations=[_cit(root, pdf, 1)]),
    }


def test_load_items_resolves_paths_and_unanswerable_skips_comments(corpus: Path) -> None:
    items = load_items(corpus / "qa.jsonl", corpus)
    assert [i.id for i in items] == ["t1", "t2", "a1", "a2"]
    assert items[0].path == str(corpus / "pdf/report.pdf")
    assert load_unanswerable(corpus / "unanswerable.txt") == ["Q-u1", "Q-u2"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"file": "pdf/missing.pdf"}, "do not exist"),
        ({"t_start": 5.0, "t_end": None}, "both set"),
        ({"page": 0}, "page"),
        ({"answer_contains": []}, "answer_contains"),
        ({"id": "t2"}, "duplicate id"),
    ],
)
def test_load_items_rejects_bad_items(
    corpus: Path, change: dict[str, object], message: str
) -> None:
    bad = [{**ITEMS[0], **change}, ITEMS[1]]
    (corpus / "bad.jsonl").write_text("\n".join(json.dumps(i) for i in bad))
    with pytest.raises(InputError, match=message):
        load_items(corpus / "bad.jsonl", corpus)


def test_load_items_names_the_line_of_broken_json(corpus: Path) -> None:
    (corpus / "bad.jsonl").write_text(json.dumps(ITEMS[0]) + "\n{not json\n")
    with pytest.raises(InputError, match=r"bad.jsonl:2"):
        load_items(corpus / "bad.jsonl", corpus)


def test_run_eval_scores_a_fake_pipeline(corpus: Path) -> None:
    answers = fake_answers(corpus)
    ingested: list[list[Path]] = []

    def ingest(paths: list[Path]) -> dict[str, int]:
        ingested.append(paths)
        return {"files": len(paths)}

    items = load_items(corpus / "qa.jsonl", corpus)
    report = run_eval(items, ["Q-u1", "Q-u2"], lambda q, k: answers[q], ingest, k=5)

    assert ingested == [[corpus / "pdf/report.pdf", corpus / "audio/call.mp3"]]
    assert report.ingest == {"files": 2} and report.ingest_s is not None
    assert report.rules == "strict" and report.n == 4
    by_id = {r.id: r for r in report.per_item}
    assert [(by_id[i].hit, by_id[i].correct) for i in ("t1", "t2", "a1", "a2")] == [
        (True, True), (False, False), (False, True), (True, False)
    ]  # fmt: skip
    assert by_id["t1"].precision == 0.5 and by_id["a2"].precision is None
    assert report.overall.recall_at_k == 0.5 and report.overall.answer_accuracy == 0.5
    assert report.overall.found_rate == 0.75
    assert report.citation_precision == pytest.approx((0.5 + 0.0 + 0.0) / 3, abs=1e-4)
    assert list(report.by_modality) == ["text", "table", "audio"]
    assert report.by_modality["audio"].n == 2 and report.by_modality["audio"].recall_at_k == 0.5
    assert report.refusal_rate == 0.5 and report.n_unanswerable == 2
    assert by_id["unanswerable-01"].correct and not by_id["unanswerable-02"].correct
    assert report.ask_p50_s is not None and report.ask_p50_s >= 0


def test_concise_accuracy_and_answer_citation_hit(corpus: Path) -> None:
    answers = fake_answers(corpus)
    items = load_items(corpus / "qa.jsonl", corpus)
    report = run_eval(items, [], lambda q, k: answers[q], None, k=5)
    by_id = {r.id: r for r in report.per_item}
    # t1 correct and short, one answer citation on page 1; t2 wrong; a1 correct but its only
    # citation spans the whole recording; a2 refused (no hit rate, not concise)
    assert [by_id[i].concise for i in ("t1", "t2", "a1", "a2")] == [True, False, True, False]
    assert [by_id[i].cited_target for i in ("t1", "t2", "a1", "a2")] == [True, False, False, None]
    assert by_id["t1"].answer_chars == len("The taste came from geosmin .")
    assert report.overall.concise_accuracy == 0.5
    assert report.overall.answer_citation_hit == pytest.approx(1 / 3, abs=1e-4)
    assert report.by_modality["audio"].concise_accuracy == 0.5
    assert report.by_modality["audio"].answer_citation_hit == 0.0

    # a correct but rambling answer is not concise; evidence alone is not an answer citation
    rambling = dict(answers)
    rambling["Q-t1"] = Answer(
        answer="geosmin " + "and a long explanation " * 10,
        found=True,
        citations=[_cit(corpus, "pdf/report.pdf", 2)],
        evidence=[_cit(corpus, "pdf/report.pdf", 1)],
    )
    report = run_eval(items, [], lambda q, k: rambling[q], None, k=5)
    t1 = next(r for r in report.per_item if r.id == "t1")
    assert t1.correct and t1.hit and not t1.concise and t1.cited_target is False
    assert report.overall.answer_citation_hit == 0.0


def test_reports_without_the_new_metrics_still_load(corpus: Path, tmp_path: Path) -> None:
    answers = fake_answers(corpus)
    items = load_items(corpus / "qa.jsonl", corpus)
    data = run_eval(items, [], lambda q, k: answers[q], None, k=5).model_dump(mode="json")
    for scores in [data["overall"], *data["by_modality"].values()]:
        del scores["concise_accuracy"], scores["answer_citation_hit"]
    (tmp_path / "old.json").write_text(json.dumps(data))
    old = load_report(tmp_path / "old.json")
    assert old.overall.concise_accuracy == 0.0 and old.overall.answer_citation_hit is None


def test_lenient_rules_are_more_forgiving(corpus: Path) -> None:
    answers = fake_answers(corpus)
    items = load_items(corpus / "qa.jsonl", corpus)
    report = run_eval(items, [], lambda q, k: answers[q], None, k=5, strict=False)
    by_id = {r.id: r for r in report.per_item}
    assert by_id["a1"].hit  # whole-recording span overlaps
    assert by_id["t2"].correct is False  # "1096" is nowhere in the answer
    assert report.refusal_rate is None and report.ingest_s is None


def test_an_ask_that_raises_is_recorded_not_fatal(corpus: Path) -> None:
    def ask(question: str, k: int) -> Answer:
        raise RuntimeError("index offline")

    report = run_eval(load_items(corpus / "qa.jsonl", corpus), ["Q-u1"], ask, None, k=3)
    assert report.overall.recall_at_k == 0.0 and report.refusal_rate == 0.0
    assert all(r.error == "RuntimeError: index offline" for r in report.per_item)


def test_eval_command_writes_json_prints_table_and_compare_lists_flips(
    corpus: Path, tmp_path: Path
) -> None:
    answers = fake_answers(corpus)
    console = Console(record=True, width=120)
    old_path = tmp_path / "out" / "old.json"
    old = eval_command(
        corpus / "qa.jsonl", corpus, lambda q, k: answers[q], k=5, json_out=old_path,
        unanswerable=corpus / "unanswerable.txt", console=console,
    )  # fmt: skip
    text = console.export_text()
    assert "recall@5" in text and "overall" in text and "refusal rate 0.500" in text
    assert "concise acc" in text and "cit. hit" in text
    data = json.loads(old_path.read_text())
    assert data["k"] == 5 and data["n"] == 4
    assert set(data["overall"]) >= {
        "recall_at_k", "answer_accuracy", "concise_accuracy", "answer_citation_hit"
    }  # fmt: skip
    assert data["by_modality"]["text"]["n"] == 1
    assert {"per_item", "refusal_rate", "citation_precision", "ingest_s", "ask_p50_s"} <= set(data)
    assert load_report(old_path) == old

    better = dict(answers)
    better["Q-t2"] = Answer(answer="1,096 breaks", found=True,
                            citations=[_cit(corpus, "pdf/report.pdf", 2)])  # fmt: skip
    better["Q-t1"] = Answer(answer="no idea", found=False)
    new_path = tmp_path / "new.json"
    new = eval_command(
        corpus / "qa.jsonl", corpus, lambda q, k: better[q], json_out=new_path,
        unanswerable=corpus / "unanswerable.txt", console=Console(record=True),
    )  # fmt: skip
    diff = compare_reports(old, new)
    assert {(f.id, f.field) for f in diff.fixed} == {("t2", "hit"), ("t2", "correct")}
    assert {(f.id, f.field) for f in diff.broken} == {("t1", "hit"), ("t1", "correct")}
    assert diff.overall["recall_at_k"] == 0.0 and diff.overall["answer_accuracy"] == 0.0

    console = Console(record=True, width=120)
    assert compare_command(old_path, new_path, console) == diff
    flips = console.export_text()
    assert "t2" in flips and "fixed" in flips and "broken" in flips


def test_load_report_rejects_other_json(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text('{"hello": 1}')
    with pytest.raises(InputError, match="not an mmrag eval report"):
        load_report(tmp_path / "x.json")
    with pytest.raises(InputError, match="not found"):
        load_report(tmp_path / "missing.json")


def test_the_dev_qa_file_is_valid(corpus_dir: Path) -> None:
    items = load_items(corpus_dir / "qa.jsonl", corpus_dir)
    assert len(items) >= 20 and len({i.id for i in items}) == len(items)
    assert all((i.page is None) != (i.t_start is None) for i in items)
    assert load_unanswerable(corpus_dir / "unanswerable.txt")


def test_the_unseen_qa_file_is_valid() -> None:
    unseen = Path(__file__).resolve().parents[2] / "bench" / "unseen"
    items = load_items(unseen / "qa.jsonl", unseen, check_files=False)
    assert len(items) >= 66 and len({i.id for i in items}) == len(items)
    per_modality: dict[str, int] = {}
    for item in items:
        per_modality[item.modality] = per_modality.get(item.modality, 0) + 1
        assert item.id.startswith(f"un-{item.modality}-")
        assert (item.t_start is not None) == (item.modality in ("audio", "video"))
    assert set(per_modality) == {"text", "table", "chart", "scan", "audio", "video"}
    assert min(per_modality.values()) >= 10
    assert len(load_unanswerable(unseen / "unanswerable.txt")) >= 12
