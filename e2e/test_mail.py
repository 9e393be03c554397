"""Mail a member lives in: the member chooses immediate mail in the browser, is mentioned, reads
the mail the forum wrote (an .eml file under the data dir's mail/ folder), and unsubscribes
with the mail's link."""
import email
import email.policy
import glob
import os
import time

from selenium.webdriver.common.by import By

from people import fill, follow, heading, press, sign_in, sign_out


def mails_to(forum, address):
    found = []
    for path in sorted(glob.glob(os.path.join(forum.data_dir, "mail", "*.eml"))):
        with open(path, "rb") as f:
            message = email.message_from_binary_file(f, policy=email.policy.default)
        if address in str(message["To"]):
            found.append(message)
    return found


def wait_for_mail(forum, address, subject_part, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        for message in mails_to(forum, address):
            if subject_part in str(message["Subject"]):
                return message
        time.sleep(0.5)
    raise AssertionError(f"no mail to {address} about {subject_part!r}")


def test_member_chooses_immediate_mail_reads_it_and_unsubscribes(forum, js_browser):
    driver = js_browser
    sign_in(driver, forum, "sam")
    driver.get(forum.url("/settings"))
    follow(driver, "Email settings")
    assert heading(driver) == "Email settings"
    assert driver.find_element(By.ID, "email-daily").is_selected(), "daily is the default"
    driver.find_element(By.CSS_SELECTOR, "label[for=email-immediately]").click()
    press(driver, "Save email settings")
    assert driver.find_element(By.ID, "email-immediately").is_selected()
    sign_out(driver)

    sign_in(driver, forum, "lee")
    driver.get(forum.url("/c/general/new"))
    title = "Mail journey: reading logs"
    fill(driver, "Title", title)
    fill(driver, "Post", "@sam how do you run reading logs in year 8?")
    press(driver, "Start thread")
    sign_out(driver)

    # Other journeys may have mentioned sam earlier; switching to "immediately" mails those too.
    message = wait_for_mail(forum, "sam@riverbend.example", f"mentioned you in “{title}”")
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "lee mentioned you in" in text and "reading logs in year 8" in text
    assert "/settings/email" in text
    assert message.get_body(preferencelist=("html",)) is not None
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Auto-Submitted"] == "auto-generated"
    unsubscribe = str(message["List-Unsubscribe"]).strip("<>")
    assert unsubscribe.startswith(forum.base_url + "/unsubscribe/")

    # The link works without signing in; opening it changes nothing until the button is pressed.
    driver.get(unsubscribe)
    press(driver, "Unsubscribe")
    assert heading(driver) == "You are unsubscribed"
    sign_in(driver, forum, "sam")
    driver.get(forum.url("/settings/email"))
    assert driver.find_element(By.ID, "email-never").is_selected()
