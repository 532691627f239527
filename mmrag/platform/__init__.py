"""Base layer: settings, data model, errors, index, storage, queue, jobs and the REST API."""
