"""Private messages: started from a profile's Message link, read and answered by the recipient
with a PDF attached through the plain file input, with JavaScript on and off."""
import os
import tempfile

from selenium.webdriver.common.by import By

from people import article_with, field, fill, follow, header, heading, press, sign_in, sign_out

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_member_writes_from_a_profile_and_the_recipient_replies(forum, browser):
    mode = "js" if browser.javascript else "nojs"
    subject = f"Transcript drafts {mode}"
    sign_in(browser, forum, "sam")
    browser.get(forum.url("/u/lee"))
    follow(browser, "Message @lee")
    assert browser.find_element(By.ID, "to").get_attribute("value") == "lee"
    fill(browser, "Subject", subject)
    fill(browser, "Message", f"Could I see your **transcript** draft? ({mode})")
    press(browser, "Send")
    assert heading(browser) == subject
    assert "transcript" in article_with(browser, "Could I see").text
    sign_out(browser)

    sign_in(browser, forum, "lee")
    assert "Messages 1 unread" in header(browser)
    browser.get(forum.url("/messages"))
    follow(browser, subject)
    assert heading(browser) == subject
    path = os.path.join(tempfile.mkdtemp(prefix="roundtable-e2e-files-"), f"draft-{mode}.pdf")
    with open(path, "wb") as out:
        out.write(PDF)
    fill(browser, "Your reply", f"Sure, my draft is attached ({mode}).")
    field(browser, "Attach files").send_keys(path)
    press(browser, "Send reply")
    reply = article_with(browser, "my draft is attached")
    assert browser.current_url.endswith("#" + reply.get_attribute("id"))
    reply.find_element(By.LINK_TEXT, f"draft-{mode}.pdf")
    assert "PDF" in reply.text
    assert "Messages 1 unread" not in header(browser)
