"""The README's pictures: the analyst page and a report, in Debian's headless Chromium.

    python -m bench.screenshots --report reports/corpus.html            # starts the service itself
    python -m bench.screenshots --url http://127.0.0.1:3000 --token T --model baseline

Writes docs/img/ui-article.png (the sample article analysed), ui-explain.png (a
quote's explanation open), ui-narrow.png (390 px wide) and, given --report (an
HTML file `stance report` wrote), report.png.
"""

import argparse
import contextlib
from pathlib import Path

from bench.background import background_service
from bench.browser import launch_chromium

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLE = PROJECT_ROOT / "data" / "articles" / "01_zelensky_trump_independent.txt"
EXPLAINED = "Even Crimea"  # the quote opened in ui-explain.png


def _analyse(page, url: str, token: str | None, model: str) -> None:
    page.goto(f"{url}/ui")
    if token:
        page.fill("#token", token)
    page.select_option("#model", model)
    page.fill("#article", SAMPLE.read_text(encoding="utf-8"))
    page.click("#analyze")
    page.wait_for_selector("[data-quote]")


def _quote(page, starting: str):
    return page.locator("[data-quote]", has_text=starting).first


def _scroll_to(page, starting: str) -> None:
    """Scroll so the quote starting with `starting` sits a third of the way down the window."""
    _quote(page, starting).evaluate(
        "mark => window.scrollTo(0, mark.getBoundingClientRect().top + window.scrollY - innerHeight / 3)"
    )


def take(url: str, out: Path, token: str | None, model: str, report: Path | None) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        wide = browser.new_page(viewport={"width": 1280, "height": 860})
        _analyse(wide, url, token, model)
        _scroll_to(wide, "I trust President Trump")
        wide.screenshot(path=out / "ui-article.png")
        _quote(wide, EXPLAINED).click()
        wide.locator("#explanation .word-bars li").first.wait_for()
        _scroll_to(wide, "I think we need it")
        wide.screenshot(path=out / "ui-explain.png")
        written += [out / "ui-article.png", out / "ui-explain.png"]

        narrow = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
        _analyse(narrow, url, token, model)
        _scroll_to(narrow, "I trust President Trump")
        narrow.screenshot(path=out / "ui-narrow.png")
        written.append(out / "ui-narrow.png")

        if report:
            page = browser.new_page(viewport={"width": 1280, "height": 1500})
            page.goto(report.resolve().as_uri())
            page.screenshot(path=out / "report.png")
            written.append(out / "report.png")
        browser.close()
    return written


def main() -> None:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    parser.add_argument("--url", help="A running service; default: start one on the current model store")
    parser.add_argument("--token", help="Its STANCE_API_TOKEN, if it has one")
    parser.add_argument("--model", default="transformer", choices=["transformer", "baseline"])
    parser.add_argument("--report", type=Path, help="An HTML file `stance report` wrote")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "docs" / "img")
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        url = args.url or stack.enter_context(background_service())
        for path in take(url, args.out, args.token, args.model, args.report):
            print(f"wrote {path}")


if __name__ == "__main__":
    main()
