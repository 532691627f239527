"""Report writers: CSV (one row per document), JSON, Markdown, HTML and a PNG of numeric fields."""

from __future__ import annotations

import csv
import html
import json
from datetime import UTC, datetime
from pathlib import Path

from mmrag.agents.reports.results import FieldResult, FieldStatus, ReportResult
from mmrag.agents.reports.template import FieldType


def write_report(result: ReportResult, out_dir: Path) -> dict[str, Path]:
    """Write ``report.csv``, ``report.json``, ``report.md``, ``report.html`` (+ ``report.png``)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {
        "csv": write_csv(result, out_dir / "report.csv"),
        "json": write_json(result, out_dir / "report.json"),
    }
    png = plot_numeric(result, out_dir / "report.png")
    if png is not None:
        files["png"] = png
    files["md"] = write_markdown(result, out_dir / "report.md", png)
    files["html"] = write_html(result, out_dir / "report.html", png)
    return files


def csv_columns(result: ReportResult) -> list[str]:
    """``document, source_id``, then per field: value, unit, status, citation, reason."""
    cols = ["document", "source_id"]
    for item in result.fields:
        n = item.name
        cols += [n, f"{n}_unit", f"{n}_status", f"{n}_citation", f"{n}_reason"]
    return cols


def write_csv(result: ReportResult, path: Path) -> Path:
    """One row per document."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(csv_columns(result))
        for row in result.rows:
            line = [row.filename, row.source_id]
            for item in result.fields:
                cell = row.fields[item.name]
                value = cell.display()
                if item.type is FieldType.TABLE and cell.status is FieldStatus.FOUND:
                    value = json.dumps(cell.value)
                line += [
                    value,
                    cell.unit or "",
                    cell.status.value,
                    cell.citation.label() if cell.citation else "",
                    cell.reason,
                ]
            writer.writerow(line)
    return path


def write_json(result: ReportResult, path: Path) -> Path:
    """The full result: template fields, rows with values, quotes, citations and reasons."""
    data = {
        "template": result.template,
        "title": result.title,
        "generated_at": datetime.fromtimestamp(result.finished_at, UTC).isoformat(),
        "fields": [f.model_dump(mode="json") for f in result.fields],
        "counts": result.counts(),
        "rows": [r.model_dump(mode="json") for r in result.rows],
    }
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def _numeric_series(result: ReportResult) -> dict[str, list[tuple[str, float]]]:
    series: dict[str, list[tuple[str, float]]] = {}
    for item in result.fields:
        if item.type is not FieldType.NUMBER:
            continue
        points = [
            (row.filename, float(row.fields[item.name].value))
            for row in result.rows
            if row.fields[item.name].status is FieldStatus.FOUND
        ]
        if points:
            series[item.name] = points
    return series


def plot_numeric(result: ReportResult, path: Path) -> Path | None:
    """A bar chart per numeric field (documents on the axis); None when nothing was found."""
    series = _numeric_series(result)
    if not series:
        return None
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    n_docs = max(len(p) for p in series.values())
    fig = Figure(figsize=(7.0, max(1.6, 0.35 * n_docs + 1.0) * len(series)), dpi=100)
    FigureCanvasAgg(fig)
    axes = fig.subplots(len(series), 1, squeeze=False)
    units = {f.name: (f.units[0] if f.units else "") for f in result.fields}
    for ax, (name, points) in zip(axes[:, 0], series.items(), strict=True):
        labels = [p[0] for p in points]
        values = [p[1] for p in points]
        ax.barh(labels, values, color="#3b7dd8")
        for y, v in enumerate(values):
            ax.text(v, y, f" {v:g}", va="center", fontsize=8)
        ax.set_title(f"{name} ({units[name]})" if units[name] else name, fontsize=10)
        ax.invert_yaxis()
        ax.tick_params(labelsize=8)
        ax.margins(x=0.15)
    fig.tight_layout()
    fig.savefig(path, format="png")
    return path


def _cell_text(cell: FieldResult) -> str:
    if cell.status is FieldStatus.FOUND:
        unit = f" {cell.unit}" if cell.unit and cell.unit != "%" else (cell.unit or "")
        cite = f" [{cell.citation.label()}]" if cell.citation else ""
        value = cell.display().replace("\n", "; ")
        if isinstance(cell.value, int) and not isinstance(cell.value, bool):
            value = f"{cell.value:,}"
        return f"{value}{unit}{cite}"
    return f"{cell.status.value}: {cell.reason}"


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def write_markdown(result: ReportResult, path: Path, png: Path | None) -> Path:
    """A Markdown report: values table, per-field counts, the plot and the evidence quotes."""
    generated = datetime.fromtimestamp(result.finished_at, UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"# {result.title}",
        "",
        f"Template `{result.template}`, generated {generated}, {len(result.rows)} document(s).",
        "",
    ]
    names = [f.name for f in result.fields]
    lines += ["| document | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for row in result.rows:
        cells = [_md_escape(_cell_text(row.fields[n])) for n in names]
        lines.append(f"| {_md_escape(row.filename)} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## Status per field",
        "",
        "| field | found | missing | invalid |",
        "|---|---|---|---|",
    ]
    for name, c in result.counts().items():
        lines.append(f"| {name} | {c['found']} | {c['missing']} | {c['invalid']} |")
    if png is not None:
        lines += ["", "## Numeric fields", "", f"![numeric fields]({png.name})"]
    lines += ["", "## Evidence", ""]
    for row in result.rows:
        lines += [f"### {row.filename}", ""]
        for item in result.fields:
            cell = row.fields[item.name]
            if cell.citation is None:
                lines.append(f"- **{item.name}**: {cell.status.value} ({cell.reason})")
                continue
            lines.append(
                f"- **{item.name}** ({cell.status.value}, {cell.citation.label()}): "
                f"> {_md_escape(cell.quote)}"
            )
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def write_html(result: ReportResult, path: Path, png: Path | None) -> Path:
    """The same report as one HTML page (the PNG next to it)."""
    esc = html.escape
    names = [f.name for f in result.fields]
    head = "".join(f"<th>{esc(n)}</th>" for n in names)
    body = []
    for row in result.rows:
        cells = "".join(
            f'<td class="{row.fields[n].status.value}" title="{esc(row.fields[n].quote)}">'
            f"{esc(_cell_text(row.fields[n]))}</td>"
            for n in names
        )
        body.append(f"<tr><th>{esc(row.filename)}</th>{cells}</tr>")
    counts = "".join(
        f"<tr><td>{esc(n)}</td><td>{c['found']}</td><td>{c['missing']}</td><td>{c['invalid']}</td></tr>"
        for n, c in result.counts().items()
    )
    plot = f'<h2>Numeric fields</h2><img src="{esc(png.name)}" alt="numeric fields">' if png else ""
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(result.title)}</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}}
td.missing{{color:#777}}td.invalid{{color:#b00}}</style></head><body>
<h1>{esc(result.title)}</h1>
<p>Template <code>{esc(result.template)}</code>, {len(result.rows)} document(s).</p>
<table><tr><th>document</th>{head}</tr>{"".join(body)}</table>
<h2>Status per field</h2>
<table><tr><th>field</th><th>found</th><th>missing</th><th>invalid</th></tr>{counts}</table>
{plot}
</body></html>
"""
    path.write_text(page, encoding="utf-8")
    return path
