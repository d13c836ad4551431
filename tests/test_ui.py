"""The analyst page (`GET /ui`) in a real browser: Debian's headless Chromium driven by Playwright.

One service for the whole module, started with `STANCE_API_TOKEN` set, so every
test also shows the page loading without the token and sending it. The browser
is the system's (`apt-get install chromium`; `make test` installs it as root):
these tests fail, never skip, when it is missing.
"""

import csv
import io
import json
import os
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from bench import browser as system_browser

pytestmark = pytest.mark.slow

ARTICLES = Path(__file__).resolve().parent.parent / "data" / "articles"
SAMPLE = ARTICLES / "01_zelensky_trump_independent.txt"
GOLD = ARTICLES / "01_zelensky_trump_independent.gold.json"
TOKEN = "page-token"
INJECTION = (
    "Kyiv, Monday.\n\n"
    '"We will talk <img src=x onerror=window.__stanceInjected=1> and '
    '<script>window.__stanceInjected=2</script> never give up Crimea," Volodymyr Zelensky said.\n'
    "<b onmouseover=alert(1)>bold</b> & <iframe src=javascript:alert(1)></iframe>\n"
)


def chromium_path() -> str:
    """Debian's Chromium; a missing browser fails the tests with the command that installs it."""
    found = system_browser.chromium_path()
    return found or pytest.fail(f"no Chromium for the browser tests: {system_browser.INSTALL_HINT}")


@pytest.fixture(scope="module")
def page_url(request):
    """The service the page comes from (STANCE_UI_URL: one running with STANCE_API_TOKEN=page-token)."""
    if url := os.environ.get("STANCE_UI_URL"):
        yield url.rstrip("/")
        return
    with request.getfixturevalue("start_service")(STANCE_API_TOKEN=TOKEN) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        arguments = system_browser.CHROMIUM_ARGS
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=arguments)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, page_url):
    """A fresh tab on the page, token typed in; page errors fail the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(f"{page_url}/ui")
    tab.fill("#token", TOKEN)
    yield tab
    context.close()
    assert errors == []


def analyze(page, text: str) -> dict:
    """Paste `text`, press Analyze, wait for the answer; the API's answer as the page received it."""
    page.fill("#article", text)
    with page.expect_response(lambda r: r.url.endswith("/classify_article")) as response:
        page.click("#analyze")
    answer = response.value.json()
    page.wait_for_selector("#results-article:not([hidden])")
    return answer


def marks(page) -> list[dict]:
    return page.eval_on_selector_all(
        "[data-quote]",
        "els => els.map(e => ({index: +e.dataset.quote, speaker: e.dataset.speaker, labels: e.dataset.labels,"
        " kind: e.dataset.kind || null, text: e.textContent}))",
    )


def test_the_page_loads_without_the_token_and_its_api_calls_need_it(page_url):
    page = httpx.get(f"{page_url}/ui", follow_redirects=True)
    assert page.status_code == 200
    assert 'id="article"' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    for asset in ("app.js", "style.css"):
        assert httpx.get(f"{page_url}/ui/{asset}").status_code == 200
    assert httpx.post(f"{page_url}/classify_article", json={"text": "x"}).status_code == 401
    assert "http" not in " ".join(  # nothing fetched from elsewhere: no CDN, no web fonts
        line for line in page.text.splitlines() if "src=" in line or "href=" in line
    )


def test_sample_article_marks_its_quotes_with_speakers_and_the_speaker_table_matches(page):
    article = SAMPLE.read_text(encoding="utf-8")
    answer = analyze(page, article)
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["quotes"]
    found = marks(page)
    direct = [m for m in found if m["kind"] in (None, "direct")]
    assert len(direct) == 12
    assert [m["speaker"] for m in direct] == [q["speaker"] for q in gold]
    assert [m["text"] for m in direct] == [q["text"] for q in gold]
    # every marked quote carries the labels the API gave it
    assert len(found) == len(answer["quotes"])
    for mark in found:
        quote = answer["quotes"][mark["index"]]
        assert mark["labels"] == ",".join(quote["labels"])
        assert mark["speaker"] == (quote["speaker"] or "")
    # one summary row per speaker, in the API's order, with its counts
    rows = page.eval_on_selector_all(
        "[data-speaker-row]",
        "rows => rows.map(r => [r.dataset.speaker, Object.fromEntries("
        "[...r.querySelectorAll('[data-count]')].map(c => [c.dataset.count, +c.textContent]))])",
    )
    assert [name for name, _ in rows] == list(answer["speakers"])
    for name, counts in rows:
        summary = answer["speakers"][name]
        assert counts == {"quotes": summary["quotes"], **summary["stances"]}
    assert {"Volodymyr Zelensky", "Donald Trump", "JD Vance"} <= {name for name, _ in rows}


def test_a_quote_explains_itself_from_the_keyboard(page):
    answer = analyze(page, SAMPLE.read_text(encoding="utf-8"))
    first = page.locator("[data-quote]").first
    first.focus()
    with page.expect_response(lambda r: r.url.endswith("/explain")) as response:
        page.keyboard.press("Enter")
    explanation = response.value.json()
    assert explanation["text"] == answer["quotes"][0]["text"]
    panel = page.locator("#explanation")
    panel.locator(".prob-row").first.wait_for()
    assert panel.locator(".prob-row").count() == len(explanation["scores"])
    assert panel.locator("ol.word-bars li").count() > 0
    assert panel.locator("blockquote").text_content() == explanation["text"]


def test_an_article_with_markup_shows_it_as_text_and_runs_nothing(page):
    answer = analyze(page, INJECTION)
    assert len(answer["quotes"]) == 1
    view = page.locator("#article-view")
    assert view.text_content().count("<img src=x onerror=") == 1
    assert "<script>window.__stanceInjected=2</script>" in view.text_content()
    assert "<iframe src=javascript:alert(1)></iframe>" in view.text_content()
    assert (
        page.locator("#article-view img, #article-view script, #article-view iframe, #article-view b").count()
        == 0
    )
    assert page.evaluate("window.__stanceInjected") is None
    page.locator("[data-quote]").first.click()  # the explanation renders the same text
    page.locator("#explanation blockquote").wait_for()
    assert "<img src=x" in page.locator("#explanation blockquote").text_content()
    assert page.evaluate("window.__stanceInjected") is None


def test_errors_from_the_api_are_shown(page):
    page.fill("#token", "wrong-token")
    page.fill("#article", SAMPLE.read_text(encoding="utf-8"))
    page.click("#analyze")
    error = page.locator("#error")
    error.wait_for()
    assert "401" in error.text_content()
    assert "bearer token" in error.text_content()
    assert page.locator("#token-needed").is_visible()
    assert page.locator("[data-quote]").count() == 0

    page.fill("#token", TOKEN)
    page.fill("#article", "")
    page.click("#analyze")
    # expect() polls from outside the page: the page's CSP forbids the eval a string predicate needs
    expect(error).to_contain_text("at least 1 character", timeout=30_000)
    assert "text" in error.text_content()

    page.eval_on_selector("#article", "(area, n) => { area.value = 'x'.repeat(n); }", 200_001)
    page.click("#analyze")
    expect(error).to_contain_text("200000", timeout=30_000)
    assert not page.locator("#spinner").is_visible()
    assert page.locator("#analyze").is_enabled()


def download(page, button: str) -> str:
    with page.expect_download() as event:
        page.click(button)
    return Path(event.value.path()).read_text(encoding="utf-8")


def test_article_results_download_as_csv_and_json(page):
    answer = analyze(page, SAMPLE.read_text(encoding="utf-8"))
    rows = list(csv.DictReader(io.StringIO(download(page, "#download-csv"))))
    assert len(rows) == len(answer["quotes"])
    assert [row["speaker"] for row in rows] == [q["speaker"] or "" for q in answer["quotes"]]
    assert [row["labels"] for row in rows] == [";".join(q["labels"]) for q in answer["quotes"]]
    assert rows[0]["text"] == answer["quotes"][0]["text"]
    assert json.loads(download(page, "#download-json")) == answer


def test_quote_per_line_mode_from_the_keyboard_with_downloads(page):
    page.focus("#tab-article")
    page.keyboard.press("ArrowRight")
    assert page.locator("#lines").is_visible()
    assert not page.locator("#article").is_visible()
    lines = [
        "We are ready to sit down with Moscow tomorrow.",
        "",
        "  Crimea will never be Russian.  ",
        "<b>NATO</b>",
    ]
    page.fill("#lines", "\n".join(lines))
    page.focus("#lines")
    with page.expect_response(lambda r: r.url.endswith("/classify")) as response:
        page.keyboard.press("Control+Enter")
    answer = response.value.json()
    page.wait_for_selector("#results-lines:not([hidden])")
    texts = [line.strip() for line in lines if line.strip()]
    rows = page.locator("#line-table tbody tr")
    assert rows.count() == 3
    for i, result in enumerate(answer["results"]):
        assert rows.nth(i).locator(".quote-text").text_content() == texts[i]
        assert rows.nth(i).get_attribute("data-labels") == ",".join(result["labels"])
    assert page.locator("#line-table b").count() == 0
    table = list(csv.DictReader(io.StringIO(download(page, "#download-csv"))))
    assert [row["text"] for row in table] == texts
    assert json.loads(download(page, "#download-json"))["results"] == [
        {"text": text, **result} for text, result in zip(texts, answer["results"], strict=True)
    ]
    rows.nth(1).click()
    page.locator("#line-explanation .prob-row").first.wait_for()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_page_fits_the_screen(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    analyze(page, SAMPLE.read_text(encoding="utf-8"))
    page.locator("[data-quote]").first.click()
    page.locator("#explanation .prob-row").first.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator("#analyze").is_visible()
