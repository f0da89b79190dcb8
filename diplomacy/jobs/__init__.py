"""One way to start background work: `enqueue_on_commit` (see services.py)."""
