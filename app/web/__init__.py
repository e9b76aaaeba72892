"""Web wiring: the Litestar application, templates, middleware, errors and helpers."""
