"""The documentation site: built with --strict from the lessons themselves, every lesson page with
its program, its recorded output and its pictures; the recorded runs still the lessons' own.

`nox -s docs` builds it and takes screenshots with a real headless browser (Debian's Chromium).
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tf1_lessons import docsite, golden, registry

from .conftest import GOLDENS, ROOT

LESSONS = registry.discover(ROOT / "lessons")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [sys.executable, "-m", "tf1_lessons.docsite", "build", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    return out


def test_a_broken_link_stops_the_build(tmp_path):
    """The strict build: a link to a page or an anchor that does not exist fails it (as MkDocs'
    --strict did for pages; Zensical checks anchors too)."""
    import shutil

    root = tmp_path / "repo"
    for part in ("docs", "lessons", "tests/tf1_reference"):
        shutil.copytree(ROOT / part, root / part)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    with (root / "docs" / "index.md").open("a", encoding="utf-8") as f:
        f.write("\nSee [the guide](guides/exec.md#no-such-section).\n")
    assert docsite.build(tmp_path / "site", root) != 0


@pytest.mark.parametrize("name", list(LESSONS))
def test_each_lesson_page_has_its_program_output_and_pictures(site, name):
    lesson = LESSONS[name]
    page = site / "lessons" / lesson.folder.name / "index.html"
    html = page.read_text(encoding="utf-8")
    assert f"{lesson.meta['number']}. " in html and "What it teaches" in html
    first_code = next(line for line in lesson.path.read_text().splitlines() if line and not line.startswith("#"))
    assert first_code.split()[0] in html  # the program (highlighted: its tokens, not its line)
    for mode in lesson.twins:
        assert f"What <code>{mode}</code> printed" in html
    pictures = re.findall(r'<img alt="[^"]*" src="([^"]+\.png)"', html)
    expected = {"curve", "twins"} | ({"graph"} if not lesson.plain else set())
    assert {p.rsplit("-", 1)[1][:-4] for p in pictures} == expected, pictures
    for picture in pictures:
        png = (page.parent / picture).resolve()
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000, picture
    assert "TensorFlow " in html and "Seed 0, the test budget" in html  # the recorded run's provenance


def test_the_patch_table_page_is_the_runtimes(site):
    from tf1_lessons.tf1 import patches

    html = (site / "reference" / "patches" / "index.html").read_text(encoding="utf-8")
    for patch in patches.TABLE:
        assert patch.name in html, patch.name


@pytest.mark.parametrize("name", list(LESSONS))
def test_each_recorded_run_is_still_the_lessons(name):
    """A page shows a run of the lesson as it is: its curves pass the lesson's golden (a changed
    program leaves it: record again with `python -m tf1_lessons.docsite record NAME`)."""
    data = docsite.load(name)
    assert data is not None, f"no recorded run of {name}: python -m tf1_lessons.docsite record {name}"
    assert data["made"]["budget"] == LESSONS[name].test_budget and data["made"]["seed"] == 0
    golden.check(
        docsite.curves_of(data), GOLDENS / f"{name}.json", LESSONS[name].meta.get("golden_tolerance", {}), lesson=name
    )


def test_the_site_lists_every_lesson_and_guide():
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for lesson in LESSONS.values():
        assert f"lessons/{lesson.folder.name}.md" in text, lesson.name
    for page in (ROOT / "docs").rglob("*.md"):
        assert page.relative_to(ROOT / "docs").as_posix() in text, page


def test_readme_fits_on_two_screens():
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 150


def _chromium():
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(_chromium() is None, reason="no Chromium here: `apt install chromium`, then `nox -s docs`")
def test_screenshots_of_the_home_page_and_a_lesson_page(site, tmp_path):
    """Served over HTTP and opened in a headless Chromium: each screenshot is a page that rendered
    (not blank), and the lesson page's pictures were fetched by the browser."""
    import functools
    import http.server
    import threading

    fetched = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format, *args):
            fetched.append(self.path)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    shots = Path(os.environ.get("TF1_LESSONS_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    try:
        for name, url in (("home", "/"), ("lesson-05", "/lessons/05_cnn/")):
            png = shots / f"{name}.png"
            subprocess.run(
                [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                 "--window-size=1280,2400", "--virtual-time-budget=5000", f"--screenshot={png}",
                 f"http://127.0.0.1:{port}{url}"],
                capture_output=True, timeout=120, check=True,
            )  # fmt: skip
            from PIL import Image

            image = Image.open(png).convert("L")
            assert image.size == (1280, 2400)
            assert len(set(image.resize((64, 120)).getdata())) > 20, f"{name}: a blank page"
    finally:
        server.shutdown()
    assert any(p.endswith("05_cnn-curve.png") for p in fetched), fetched
    assert any(p.endswith("05_cnn-graph.png") for p in fetched), fetched
    print(json.dumps({"screenshots": str(shots)}))


def test_the_references_page_lists_every_stored_tf_1_15_reference(site):
    html = (site / "reference" / "tf115-references" / "index.html").read_text(encoding="utf-8")
    for path in (ROOT / "tests" / "tf1_reference").glob("*.json"):
        assert f"<code>{json.loads(path.read_text())['script']}</code>" in html, path.name


def test_the_api_page_is_the_runtimes_table(site):
    from tf1_lessons.tf1 import table

    html = (site / "reference" / "api" / "index.html").read_text(encoding="utf-8")
    for module, names in table.PROVIDED_MODULES.items():
        assert f"<code>tf.{module}</code>" in html and all(f"<code>{n}</code>" in html for n in names), module
    for prefix in table.MISSING_PREFIXES:
        assert f"<code>tf.{prefix}</code>" in html, prefix
