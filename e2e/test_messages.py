"""Private messages: started from a profile's Message link, read and answered by the recipient,
with JavaScript on and off."""
from selenium.webdriver.common.by import By

from people import article_with, fill, follow, header, heading, press, sign_in, sign_out


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
    fill(browser, "Your reply", f"Sure, attached next week ({mode}).")
    press(browser, "Send reply")
    reply = article_with(browser, "attached next week")
    assert browser.current_url.endswith("#" + reply.get_attribute("id"))
    assert "Messages 1 unread" not in header(browser)
