"""Reports: a placeholder until report templates land."""

from __future__ import annotations

import streamlit as st


def render() -> None:
    """The Reports section."""
    st.header("Reports")
    st.info(
        "Report templates are coming: define the fields you want (for example *reporting "
        "period*, *total revenue*, *open safety actions*) once, and mmrag fills them from your "
        "documents for each file or folder, every value with its citation. Until then, ask "
        "questions one at a time in **Ask**."
    )
