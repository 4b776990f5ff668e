"""Server-rendered web UI (Jinja2), English and Urdu."""
