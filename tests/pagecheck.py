"""Open generated pages in Debian's headless Chromium with every request outside the page blocked.

Import the fixtures into a test module: ``from pagecheck import browser, open_page``.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"


@dataclass
class OpenedPage:
    page: object
    errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def evaluate(self, script: str, arg=None):
        return self.page.evaluate(script, arg) if arg is not None else self.page.evaluate(script)

    def assert_clean(self) -> None:
        assert self.errors == [], self.errors
        assert self.blocked == [], f"requests left the page: {self.blocked}"
        assert self.dialogs == [], f"a script ran: {self.dialogs}"


@pytest.fixture(scope="session")
def browser():
    if os.environ.get("HIKINET_SKIP_BROWSER") == "1":
        pytest.skip("HIKINET_SKIP_BROWSER=1")
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `bash tools/setup-browser.sh` (Debian's chromium package)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser):
    """``open_page(path)`` loads a file page, records script errors, blocked requests and dialogs."""
    contexts = []

    def _open(path: Path, wait_for: str = "window.hikinetReady === true", viewport=(1280, 860)) -> OpenedPage:
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        contexts.append(context)
        page = context.new_page()
        opened = OpenedPage(page)
        page.on("pageerror", lambda exc: opened.errors.append(str(exc)))
        page.on("console", lambda msg: opened.errors.append(msg.text) if msg.type == "error" else None)

        def on_dialog(dialog):
            opened.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)

        def route(request_route):
            url = request_route.request.url
            if url.startswith("file:") or url.startswith("data:") or url == "about:blank":
                request_route.continue_()
            else:
                opened.blocked.append(url)
                request_route.abort()

        context.route("**/*", route)
        page.goto(Path(path).resolve().as_uri())
        if wait_for:
            page.wait_for_function(wait_for, timeout=15000)
        return opened

    yield _open
    for context in contexts:
        context.close()
