"""The bench measures the gunicorn it starts, never one left over from an earlier run."""

import socket

import pytest

from bench import environment


def test_a_server_left_on_the_bench_port_stops_the_run(monkeypatch):
    with socket.socket() as left_over:
        left_over.bind(("127.0.0.1", 0))
        left_over.listen()
        monkeypatch.setattr(environment, "PORT", left_over.getsockname()[1])
        with pytest.raises(RuntimeError, match="is taken"):
            environment.refuse_a_taken_port()
    environment.refuse_a_taken_port()  # closed: the port is free again
