"""A stand-in extension demo loader for the tests of `malbild.demo.loader.run_extensions`."""

CALLS: list[object] = []


def load(*, stdout):
    CALLS.append(stdout)
    stdout.write("fake extension loaded\n")
