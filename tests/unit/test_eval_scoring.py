"""The strict evaluation rules, pinned with hand-made cases."""

from __future__ import annotations

import pytest

from mmrag.agents.evaluation import scoring
from mmrag.agents.evaluation.scoring import Target
from mmrag.platform.models import Answer, Citation, Modality

pytestmark = pytest.mark.unit

ROOT = "/corpus"


def cite(
    uri: str = "/corpus/pdf/report.pdf",
    page: int | None = None,
    t: tuple[float, float] | None = None,
    file: str | None = None,
) -> Citation:
    return Citation(
        file=file if file is not None else uri.rsplit("/", 1)[-1],
        uri=uri,
        source_id="s",
        chunk_id="c",
        modality=Modality.AUDIO if t else Modality.TEXT,
        page=page,
        t_start=t[0] if t else None,
        t_end=t[1] if t else None,
    )


def doc_target(page: int = 3, rel: str = "pdf/report.pdf", unique: bool = True) -> Target:
    return Target(
        rel_path=rel, abs_paths=frozenset({f"{ROOT}/{rel}"}), basename_unique=unique, page=page
    )


def av_target(t_start: float = 30.5, t_end: float = 42.8) -> Target:
    rel = "audio/call.mp3"
    return Target(
        rel_path=rel, abs_paths=frozenset({f"{ROOT}/{rel}"}), t_start=t_start, t_end=t_end
    )


def ans(text: str, found: bool = True, citations: list[Citation] | None = None) -> Answer:
    return Answer(answer=text, found=found, citations=citations or [])


# ----------------------------------------------------------------------------- file identity


def test_file_matches_by_absolute_path_relative_suffix_and_upload_basename() -> None:
    target = doc_target()
    assert scoring.same_file(cite("/corpus/pdf/report.pdf"), target)
    assert scoring.same_file(cite("/elsewhere/copy/pdf/report.pdf"), target)  # root-relative
    assert scoring.same_file(cite("upload://report.pdf"), target)  # base-name fallback
    assert not scoring.same_file(cite("/corpus/pdf/other.pdf"), target)


def test_basename_fallback_is_off_when_two_eval_files_share_a_name() -> None:
    target = doc_target(rel="scan/report.pdf", unique=False)
    assert not scoring.same_file(cite("upload://report.pdf"), target)
    assert not scoring.same_file(cite("/corpus/pdf/report.pdf"), target)
    assert scoring.same_file(cite("/corpus/scan/report.pdf"), target)


# ----------------------------------------------------------------------------- retrieval hit


def test_document_hit_needs_file_and_page() -> None:
    target = doc_target(page=3)
    assert scoring.on_target(cite(page=3), target)
    assert not scoring.on_target(cite(page=4), target)
    assert not scoring.on_target(cite(page=None), target)
    assert not scoring.on_target(cite("/corpus/pdf/other.pdf", page=3), target)


def test_whole_recording_citation_is_a_miss_under_strict_rules() -> None:
    target = av_target(30.5, 42.8)
    whole = cite("/corpus/audio/call.mp3", t=(0.0, 283.4))
    assert not scoring.on_target(whole, target, strict=True)
    assert scoring.on_target(whole, target, strict=False)  # the old rule let it through


def test_span_rules_thirty_seconds_and_two_second_slack() -> None:
    target = av_target(30.5, 42.8)
    uri = "/corpus/audio/call.mp3"
    assert scoring.on_target(cite(uri, t=(20.0, 50.0)), target)  # exactly 30 s
    assert not scoring.on_target(cite(uri, t=(20.0, 50.5)), target)  # 30.5 s
    assert scoring.on_target(cite(uri, t=(44.0, 50.0)), target)  # inside the +2 s slack
    assert not scoring.on_target(cite(uri, t=(45.0, 50.0)), target)  # beyond it
    assert scoring.on_target(cite(uri, t=(29.0, 29.0)), target)  # a frame time in the slack
    assert not scoring.on_target(cite(uri, t=(50.0, 40.0)), target)  # inverted span
    assert not scoring.on_target(cite(uri, page=1), target)  # no span at all
    assert not scoring.on_target(cite("/corpus/audio/other.mp3", t=(31.0, 40.0)), target)


def test_lenient_rules_file_only_when_item_has_no_place() -> None:
    target = Target(rel_path="img/photo.png", abs_paths=frozenset({"/corpus/img/photo.png"}))
    assert scoring.on_target(cite("/corpus/img/photo.png"), target, strict=False)
    assert scoring.on_target(cite("/corpus/img/photo.png"), target, strict=True)


def test_retrieval_hit_only_counts_the_first_k_citations() -> None:
    target = doc_target(page=3)
    citations = [cite(page=1), cite(page=2), cite(page=3)]
    assert scoring.retrieval_hit(citations, target, k=3)
    assert not scoring.retrieval_hit(citations, target, k=2)


# ----------------------------------------------------------------------------- answers


def test_red_does_not_match_ordered_but_does_under_lenient_rules() -> None:
    answer = ans("The observations are ordered by time.")
    assert not scoring.answer_correct(answer, ["red"])
    assert scoring.answer_correct(answer, ["red"], strict=False)
    assert scoring.answer_correct(ans("The line is drawn in red."), ["red"])


def test_number_matches_inside_a_formula_but_not_inside_a_longer_number() -> None:
    assert scoring.answer_correct(ans("We find H0 = 76.6 km/s per Mpc."), ["76.6"])
    assert not scoring.answer_correct(ans("H0 = 176.6 km/s"), ["76.6"])
    assert not scoring.answer_correct(ans("H0 = 76.65 km/s"), ["76.6"])
    assert scoring.answer_correct(ans("It was 76.6."), ["76.6"])


def test_variants_are_whatever_the_item_lists() -> None:
    answer = ans("Breaks rose to 1,096 last year.")
    assert not scoring.answer_correct(answer, ["1096"])
    assert scoring.answer_correct(answer, ["1,096", "1096"])
    assert scoring.answer_correct(ans("about 1096 breaks"), ["1,096", "1096"])


def test_case_and_line_breaks_do_not_matter() -> None:
    assert scoring.answer_correct(ans("FIFTY\nthousand men"), ["fifty thousand"])


def test_found_false_is_never_a_correct_answer() -> None:
    answer = ans("Not in the corpus; the nearest fact is 42 days.", found=False)
    assert not scoring.answer_correct(answer, ["42"])


def test_cited_page_numbers_and_markers_are_not_answers() -> None:
    for text in ("See p. 3.", "See p.3", "as reported [3]", "(page 3)", "pp. 2-3"):
        assert not scoring.answer_correct(ans(text), ["3"]), text
    assert not scoring.answer_correct(ans("said at 01:42-02:05"), ["42"])
    assert not scoring.answer_correct(ans("from dam_inspection_2024.pdf p.2"), ["2024"])
    cited = ans("Source: Annual Report 2024", citations=[cite(file="Annual Report 2024")])
    assert not scoring.answer_correct(cited, ["2024"])
    # a clock time that is the answer survives, and the real value next to a marker counts
    assert scoring.answer_correct(ans("The shift starts at 8:30."), ["8:30"])
    assert scoring.answer_correct(ans("Seepage was 3.8 L/s (report.pdf p. 1)."), ["3.8"])


def test_only_the_first_400_characters_count() -> None:
    padding = "x" * 395 + " "
    assert not scoring.answer_correct(ans(padding + "geosmin"), ["geosmin"])
    assert scoring.answer_correct(ans("geosmin " + padding), ["geosmin"])
    assert scoring.answer_correct(ans(padding + "geosmin"), ["geosmin"], strict=False)


def test_refusal_counts_only_with_found_false() -> None:
    assert scoring.refused(ans("The corpus does not say.", found=False))
    assert not scoring.refused(ans("I could not find this in the documents.", found=True))


# ----------------------------------------------------------------------------- precision


def test_citing_everything_does_not_pay() -> None:
    target = doc_target(page=3)
    assert scoring.citation_precision([cite(page=3)], target) == 1.0
    spray = [cite(page=p) for p in range(1, 11)]
    assert scoring.citation_precision(spray, target) == pytest.approx(0.1)
    assert scoring.citation_precision([], target) == 0.0


# ----------------------------------------------------------------------------- concise answers


def test_answer_length_ignores_citation_markers_and_the_brackets_they_leave() -> None:
    bare = ans("Seepage was 3.8 L/s.")
    marked = ans(
        "Seepage was 3.8 L/s (report.pdf p. 1) [2] [3, 4].",
        citations=[cite(file="Annual Report 2024")],
    )
    assert scoring.answer_length(bare) == len("Seepage was 3.8 L/s.")
    assert scoring.answer_length(marked) == len("Seepage was 3.8 L/s .")
    spoken = ans("It was said at 01:42-02:05 in call.mp3: the pump failed.")
    assert scoring.answer_length(spoken) == len("It was said at in : the pump failed.")


def test_concise_needs_a_correct_answer_within_200_characters() -> None:
    limit = scoring.CONCISE_CHARS
    short = "The value is 3.8 " + "x" * (limit - len("The value is 3.8 "))
    assert len(short) == limit
    assert scoring.concise_correct(ans(short), ["3.8"])
    assert not scoring.concise_correct(ans(short + "y"), ["3.8"])
    # markers do not count against the limit
    assert scoring.concise_correct(ans(short + " [1] (report.pdf p. 12)"), ["3.8"])
    # short but wrong, or refused, is not concise
    assert not scoring.concise_correct(ans("The value is 3.9"), ["3.8"])
    assert not scoring.concise_correct(ans("3.8", found=False), ["3.8"])
    assert scoring.concise_correct(ans("3.8 " + "z" * 300), ["3.8"], limit=400)


# ----------------------------------------------------------------------------- answer citations


def test_answer_citation_hit_reads_the_answer_citations_not_the_evidence() -> None:
    target = doc_target(page=3)
    off = Answer(answer="x", found=True, citations=[cite(page=1)], evidence=[cite(page=3)])
    assert not scoring.answer_cites_target(off, target)
    mixed = ans("x", citations=[cite(page=1), cite(page=3), cite(page=9)])
    assert scoring.answer_cites_target(mixed, target)
    assert not scoring.answer_cites_target(ans("x"), target)


def test_answer_citation_hit_uses_the_strict_span_rule() -> None:
    target = av_target(30.5, 42.8)
    whole = ans("x", citations=[cite("/corpus/audio/call.mp3", t=(0.0, 283.0))])
    near = ans("x", citations=[cite("/corpus/audio/call.mp3", t=(44.0, 50.0))])
    assert not scoring.answer_cites_target(whole, target)
    assert scoring.answer_cites_target(whole, target, strict=False)
    assert scoring.answer_cites_target(near, target)  # within the 2 s slack
