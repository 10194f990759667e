"""TF1 code that the program imports from outside its folder: an installed TF1 library (named
with --tf1-package or pyproject.toml's tf1-packages), the project's editable installs, and
distributions that require TensorFlow 1 (tf1_lessons/tf1/packages.py)."""

import json
import os
import re
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

from tf1_lessons.tf1 import packages

from .conftest import ROOT

HERE = ROOT / "tests" / "tf1_packages" / "tflearn_user"
TFLEARN = "tflearn==0.3.2"  # 2017's release: tensorflow.contrib and tf.* names of TF 1.x, no TF requirement


@pytest.fixture(scope="module")
def venv_with_tflearn(tmp_path_factory):
    """A fresh virtualenv holding tflearn from the package index; this interpreter's packages
    (tf1-lessons, TensorFlow) reach it through a .pth, so nothing heavy is installed twice."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    venv_site = Path(site)
    (venv_site / "outer.pth").write_text(f"import site; site.addsitedir({sysconfig.get_path('purelib')!r})\n")
    done = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-deps", TFLEARN],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    if done.returncode != 0:
        if any(w in done.stderr for w in ("No matching distribution", "Could not find", "connection", "resolve")):
            pytest.skip(f"the package index is not reachable from here, so {TFLEARN} cannot be installed")
        raise AssertionError(done.stderr[-3000:])
    assert (venv_site / "tflearn" / "__init__.py").is_file()
    return python


def exec_(python, *args, cwd):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([str(python), "-m", "tf1_lessons.cli", "exec", "--seed", "0", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=900, env=env)  # fmt: skip


def same_as_tf115(lines):
    """The two lines TF 1.15.5 printed: the same words, the numbers close. tflearn's feeding threads
    hand batches over in the order they finish, so a busy machine can swap two batches of an epoch:
    runs under TF 1.15.5 and under exec part by an ulp at rest, and by up to 3e-5 under exec with
    both cores busy (seen in a fresh virtualenv beside the test suite); 1e-4 still tells the fitted
    line (W 1.98867, b 0.50307) from any other."""
    reference = json.loads((HERE / "reference.json").read_text())["lines"]
    number = re.compile(r"-?\d+\.\d+(?:e-?\d+)?")

    def words(line):  # NumPy pads an array's shorter number ("[0.5030711 2.491743 ]"): spacing is not a word
        return " ".join(number.sub("#", line).replace("[", " [ ").replace("]", " ] ").split())

    assert [words(line) for line in lines] == [words(line) for line in reference]
    ours = [float(x) for line in lines for x in number.findall(line)]
    theirs = [float(x) for line in reference for x in number.findall(line)]
    assert ours == pytest.approx(theirs, rel=1e-4)


def last_lines(stdout, n):
    clean = [line.split("h", 1)[-1] if line.startswith("\x1b[?") else line for line in stdout.splitlines()]
    return [line for line in clean if line.strip()][-n:]


def test_an_installed_tf1_library_fails_under_tf2_and_the_error_names_the_option(venv_with_tflearn, tmp_path):
    script = tmp_path / "fit_line.py"
    script.write_text((HERE / "fit_line.py").read_text())
    done = exec_(venv_with_tflearn, script, cwd=tmp_path)
    assert done.returncode == 1
    assert "tensorflow.contrib" in done.stderr  # tflearn's own import, shown as Python shows it
    assert "tf1-lessons: tflearn is installed code, so it got TensorFlow 2" in done.stderr
    assert "--tf1-package tflearn" in done.stderr


def test_tf1_package_serves_an_installed_library_and_it_prints_what_tf_1_15_printed(venv_with_tflearn, tmp_path):
    script = tmp_path / "fit_line.py"
    script.write_text((HERE / "fit_line.py").read_text())
    done = exec_(venv_with_tflearn, "--tf1-package", "tflearn", script, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    same_as_tf115(last_lines(done.stdout, 2))


def test_pyprojects_tf1_packages_names_it_for_every_run_in_the_project(venv_with_tflearn, tmp_path):
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    (project / "pyproject.toml").write_text(
        '[project]\nname = "mine"\n\n[tool.tf1-lessons]\ntf1-packages = ["tflearn"]\n'
    )
    (project / "scripts" / "fit_line.py").write_text((HERE / "fit_line.py").read_text())
    done = exec_(venv_with_tflearn, project / "scripts" / "fit_line.py", cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    same_as_tf115(last_lines(done.stdout, 2))


def test_an_unknown_tf1_package_is_refused_before_anything_runs(tmp_path):
    script = tmp_path / "s.py"
    script.write_text("print('ran')\n")
    done = subprocess.run([sys.executable, "-m", "tf1_lessons.cli", "exec", "--tf1-package", "no_such_pkg_xyz",
                           str(script)], capture_output=True, text=True, cwd=tmp_path, timeout=300)  # fmt: skip
    assert done.returncode == 2 and "ran" not in done.stdout
    assert "--tf1-package no_such_pkg_xyz: no installed package or module of that name" in done.stderr


def _dist(site, name, *, requires=(), direct_url=None, top=None):
    info = site / f"{name}-1.0.dist-info"
    info.mkdir(parents=True)
    lines = ["Metadata-Version: 2.1", f"Name: {name}", "Version: 1.0", *(f"Requires-Dist: {r}" for r in requires)]
    (info / "METADATA").write_text("\n".join(lines) + "\n")
    (info / "top_level.txt").write_text((top or name) + "\n")
    if direct_url is not None:
        (info / "direct_url.json").write_text(json.dumps(direct_url))


def test_discover_finds_tf1_requirements_and_the_projects_editable_installs(tmp_path, monkeypatch):
    site, project, elsewhere = tmp_path / "site", tmp_path / "project", tmp_path / "elsewhere"
    for pkg in ("oldlib", "newlib", "anylib"):
        (site / pkg).mkdir(parents=True)
        (site / pkg / "__init__.py").write_text("")
    _dist(site, "oldlib", requires=["tensorflow<2", "numpy"])
    _dist(site, "newlib", requires=["tensorflow>=2.4"])
    _dist(site, "anylib", requires=["tensorflow>=1.4"])  # admits 2.x: not read as TF1
    for where, pkg in ((project / "src", "mine"), (elsewhere, "theirs")):
        (where / pkg).mkdir(parents=True)
        (where / pkg / "__init__.py").write_text("")
        monkeypatch.syspath_prepend(str(where))
        _dist(site, pkg, direct_url={"url": where.parent.as_uri(), "dir_info": {"editable": True}})
    (project / "pyproject.toml").write_text("[project]\nname = 'mine'\n")
    (project / "scripts").mkdir()
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.chdir(tmp_path)
    found = packages.discover(project / "scripts")
    by_name = {os.path.basename(place): why for place, why in found.items()}
    assert by_name.get("oldlib") == "oldlib (requires TensorFlow 1)"
    assert by_name.get("mine") == "mine (editable install of your project)"
    assert "newlib" not in by_name and "anylib" not in by_name
    # an editable install outside the project and the current folder keeps TensorFlow 2
    monkeypatch.chdir(project)
    assert "theirs" not in {os.path.basename(p) for p in packages.discover(project / "scripts")}


def test_a_pyproject_that_names_tf1_packages_badly_is_refused(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        textwrap.dedent("""
        [tool.tf1-lessons]
        tf1-packages = "tflearn"
    """)
    )
    with pytest.raises(ValueError, match="must be a list of package names"):
        packages.configured(tmp_path)


def test_scan_lists_installed_tf1_code_the_program_imports_and_whether_exec_serves_it(venv_with_tflearn, tmp_path):
    script = tmp_path / "fit_line.py"
    script.write_text((HERE / "fit_line.py").read_text())
    scan = [str(venv_with_tflearn), "-m", "tf1_lessons.cli", "scan", str(script)]
    done = subprocess.run(scan, capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert done.returncode == 1, done.stdout
    assert "Installed packages the program imports that use TF1-only names:" in done.stdout
    assert "  tflearn (" in done.stdout and "tf.add_to_collection" in done.stdout
    assert "add --tf1-package tflearn" in done.stdout
    assert done.stdout.rstrip().endswith("installed TF1 code not served: tflearn")
    (tmp_path / "pyproject.toml").write_text('[tool.tf1-lessons]\ntf1-packages = ["tflearn"]\n')
    done = subprocess.run(scan, capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stdout
    assert "=> exec serves it the TF1 API: tflearn (named)" in done.stdout
