"""Attaching a PDF to a reply through the plain file input (JavaScript on and off), then
downloading it with the member's session: the same bytes, served as a PDF download."""
import os
import tempfile
import urllib.request

from selenium.webdriver.common.by import By

from people import article_with, field, fill, follow, heading, press, sign_in

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_member_attaches_a_pdf_to_a_reply_and_downloads_it(forum, browser):
    mode = "js" if browser.javascript else "nojs"
    folder = tempfile.mkdtemp(prefix="roundtable-e2e-files-")
    path = os.path.join(folder, f"rubric-{mode}.pdf")
    with open(path, "wb") as out:
        out.write(PDF)
    sign_in(browser, forum, "sam")
    browser.get(forum.url("/"))
    follow(browser, "General")
    follow(browser, "New thread")
    fill(browser, "Title", f"Rubrics to share {mode}")
    fill(browser, "Post", "Post your rubric as a file.")
    press(browser, "Start thread")
    assert heading(browser) == f"Rubrics to share {mode}"
    fill(browser, "Your reply", f"Our rubric, attached ({mode}).")
    field(browser, "Attach files").send_keys(path)
    press(browser, "Post reply")
    reply = article_with(browser, f"Our rubric, attached ({mode})")
    link = reply.find_element(By.LINK_TEXT, f"rubric-{mode}.pdf")
    assert "PDF" in reply.text

    cookies = "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())
    request = urllib.request.Request(link.get_attribute("href"), headers={"Cookie": cookies})
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 200
        assert answer.headers["Content-Type"] == "application/pdf"
        assert answer.headers["Content-Disposition"].startswith("attachment;")
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert answer.read() == PDF
    # Without the session there is nothing to download (a redirect to sign in, not followed).
    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(link.get_attribute("href"), timeout=10)
        assert False, "an anonymous visitor downloaded a member's file"
    except urllib.error.HTTPError as error:
        assert error.code in (303, 401, 404)
