"""The reference: a "hello world" Flask app that the benchmark serves with the same gunicorn.

Each page's throughput is given as a share of this route's, measured in the same run, so that
the figures compare across machines and stay meaningful on a noisy one.
"""

from __future__ import annotations

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello() -> str:
    return "Hello, World!"
