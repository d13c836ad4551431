"""Debian's headless Chromium driven by Playwright: shared by the page's tests and the screenshots.

Playwright's own browser download cannot run offline, so the system browser is used;
the flags keep it from reaching for Google's services, which this network refuses.
"""

import shutil

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
INSTALL_HINT = "run `apt-get update && apt-get install -y chromium` as root"


def chromium_path() -> str | None:
    """Where Debian's Chromium is, or None when it is not installed."""
    return next(filter(None, (shutil.which(name) for name in ("chromium", "chromium-browser"))), None)


def launch_chromium(playwright):
    """A headless Chromium browser; a missing one raises with the command that installs it."""
    path = chromium_path()
    if path is None:
        raise FileNotFoundError(f"no Chromium: {INSTALL_HINT}")
    return playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
