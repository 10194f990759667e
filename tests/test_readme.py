"""README's first-screen commands and lesson table stay true to the project."""

import re

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```bash\n(.*?)```", README, flags=re.S)


def test_first_screen_installs_and_runs_lesson_1_then_tests():
    install, tests = BLOCKS[0].strip(), BLOCKS[1].strip()
    assert install == 'pip install -e ".[test]" && tf1-lessons run linear_regression'
    ci_commands = [l.strip() for l in (ROOT / ".ci" / "run").read_text().splitlines() if l.strip() and not l.lstrip().startswith("#")]
    assert ci_commands[-1] == tests, ".ci/run must end with the README's test command"


def test_lesson_table_names_every_lesson(lessons):
    for name, lesson in lessons.items():
        row = next((l for l in README.splitlines() if f"`{name}`" in l and l.startswith("|")), None)
        assert row, f"README's lesson table lacks {name}"
        assert lesson.meta["document"][:3] in row and lesson.meta["full_run"] in row
