"""README's first-screen commands and lesson table, and the exec guide's API table, stay true to the project."""

import re

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```bash\n(.*?)```", README, flags=re.S)


def test_first_screen_installs_and_runs_lesson_1_then_tests():
    install, tests = BLOCKS[0].strip(), BLOCKS[1].strip()
    assert install == 'pip install -e ".[test]" && tf1-lessons run linear_regression'
    ci_commands = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert ci_commands[-1] == tests, ".ci/run must end with the README's test command"


def lesson_table():
    """The lines of the table under the "| # | lesson |" header, up to the first non-table line."""
    lines = README.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| # | lesson |"))
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("|")), len(lines))
    return lines[start:end]


def test_lesson_table_names_every_lesson(lessons):
    table = lesson_table()  # a blank line inside would end the table: later rows would not render
    for name, lesson in lessons.items():
        row = next((line for line in table if f"`{name}`" in line), None)
        assert row, f"README's lesson table lacks {name} (or a blank line cuts the table before its row)"
        assert lesson.meta["document"][:3] in row and lesson.meta["full_run"] in row


def api_table():
    lines = (ROOT / "docs" / "guides" / "exec.md").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| API | under `exec` |"))
    end = next(i for i in range(start, len(lines)) if not lines[i].startswith("|"))
    return lines[start + 2 : end]


def test_api_table_names_the_private_modules_and_companions_the_runtime_serves():
    """Every home of a whole TF 1.15 module (tf1/private.py's HOMES), every module some of whose
    names moved, and every companion name of the patch table are in the table's rows."""
    from tf1_lessons.tf1 import patches, private

    rows = " ".join(api_table())
    for module in private.HOMES:
        assert f"`{module}" in rows or f"`{module.rsplit('.', 1)[0]}.*`" in rows, module
    for module in private.MOVED:
        assert f"`{module.split('.')[-1]}." in rows or f"`{module}" in rows, module
    for patch in patches.TABLE:
        if patch.when == "companion":
            name = patch.target.split(":")[1].split(".")[-1]
            assert name in rows or patch.name.startswith("collections-") or name == "__path__", patch.name
    assert "`collections.Iterable` and the other ABCs" in rows


def test_api_table_is_the_runtimes_table():
    """The site's table of what exec serves (docs/guides/exec.md) names what tf1/table.py provides
    and refuses."""
    from tf1_lessons.tf1 import table

    rows = api_table()
    provided = " ".join(r for r in rows if "| provided |" in r)
    refused = " ".join(r for r in rows if "| not available |" in r)
    for module in (
        "estimator",
        "estimator.inputs",
        "estimator.export",
        "estimator.experimental",
        "contrib.layers",
        "contrib.lookup",
        "contrib.metrics",
        "contrib.opt",
        "contrib.legacy_seq2seq",
        "contrib.seq2seq",
        "contrib.rnn",
        "contrib.eager",
        "contrib.factorization",
        "contrib.framework",
        "contrib.learn.datasets",
        "contrib.learn.datasets.mnist",
        "contrib.learn.datasets.base",
        "contrib.learn.preprocessing",
        "contrib.tpu",
        "estimator.tpu",
    ):
        for name in table.PROVIDED_MODULES[module]:
            found = (f"`{name}`", f".{name}`", f"{name}(", f".{name}.", f"`{name}.")
            assert any(text in provided for text in found), (module, name)
    # contrib.slim is all of tf-slim (about 130 names): the row names the module, not each name.
    assert "`tf.contrib.slim`" in provided and "slim" in table.PROVIDED_MODULES["contrib"]
    for prefix in table.MISSING_PREFIXES:
        last = prefix.split(".")[-1]
        assert f"`{last}`" in refused or f"`{prefix}`" in refused or f".{last}`" in refused, prefix
