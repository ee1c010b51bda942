"""The server the README starts keeps its login token and listens on this computer only,
and nothing in the project turns Jupyter's security settings off."""

import re
import subprocess

from .conftest import ROOT

UNSAFE = re.compile(r"""token\s*=\s*(''|""|None\b)|disable_check_xsrf|allow_origin\s*=\s*['"]\*|"""
                    r"""ip\s*=\s*['"]?0\.0\.0\.0|password_required\s*=\s*False|allow_remote_access""")


def shipped_files():
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    return [ROOT / name for name in listed.stdout.split()
            if not name.startswith("tests/") and (ROOT / name).suffix in
            {".py", ".md", ".yml", ".yaml", ".json", ".toml", ".ipynb", ""}]


def test_the_start_command_keeps_the_token_and_binds_to_localhost():
    make = subprocess.run(["make", "-n", "start"], cwd=ROOT, capture_output=True, text=True, check=True)
    command = [line for line in make.stdout.splitlines() if "jupyter lab" in line]
    assert len(command) == 1
    assert "--ServerApp.ip=127.0.0.1" in command[0]
    assert "token" not in command[0].lower() and "password" not in command[0].lower()


def test_nothing_turns_security_off():
    found = [f"{path.relative_to(ROOT)}: {match.group(0)}" for path in shipped_files() if path.is_file()
             for match in UNSAFE.finditer(path.read_text(encoding="utf-8", errors="replace"))]
    assert found == []


def test_the_check_would_catch_an_open_server():
    assert UNSAFE.search("c.ServerApp.token = ''") and UNSAFE.search("--ServerApp.ip=0.0.0.0")
