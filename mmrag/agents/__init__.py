"""LangGraph agents, the LLM client, extractive answers, reports and evaluation (imports only platform)."""
