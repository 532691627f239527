"""Streamlit UI: talks to the REST API over HTTP only."""
