"""The benchmark prints figures; it is a program (`python -m tests.benchmarks.run`), not tests."""

collect_ignore_glob = ["*.py"]
