"""Acts as a person would: finds fields by their visible labels and presses buttons by their text."""
import os
import time

from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

LOGINS = {
    "ada": ("ada@harbor.example", "demo-admin-pass-2026"),
    "maya": ("maya@northfield.example", "demo-moderator-pass-2026"),
    "sam": ("sam@riverbend.example", "demo-member-pass-2026"),
    "lee": ("lee@harbor.example", "demo-member-pass-2026"),
}


def xpath_literal(text):
    if "'" not in text:
        return f"'{text}'"
    return "concat('" + text.replace("'", "',\"'\",'") + "')"


def field(driver, label, scope=None):
    """The input a visible label names (by its first words)."""
    scope = resolve(driver, scope)
    labels = scope.find_elements(By.XPATH, f".//label[starts-with(normalize-space(.), {xpath_literal(label)})]")
    visible = [l for l in labels if l.is_displayed()] or labels
    assert visible, f"no field labelled {label!r} on {driver.current_url}"
    return driver.find_element(By.ID, visible[0].get_attribute("for"))


def fill(driver, label, text, scope=None):
    element = field(driver, label, resolve(driver, scope))
    element.clear()
    element.send_keys(text)
    return element


def choose(driver, label, visible_text):
    Select(field(driver, label)).select_by_visible_text(visible_text)


def resolve(driver, scope):
    """A scope is the page, an element, or a function finding one again (elements can go stale)."""
    if scope is None:
        return driver
    return scope() if callable(scope) else scope


def press(driver, text, scope=None):
    def locate():
        buttons = [b for b in resolve(driver, scope).find_elements(
            By.XPATH, f".//button[normalize-space(.)={xpath_literal(text)}]") if b.is_displayed()]
        assert buttons, f"no button {text!r} on {driver.current_url}"
        return buttons[0]
    navigate_by(driver, locate)


def follow(driver, text, scope=None):
    navigate_by(driver, lambda: resolve(driver, scope).find_element(By.LINK_TEXT, text))


def click(locate):
    """Clicks something that stays on the page (a <summary>), finding it again if it went stale."""
    for attempt in range(3):
        try:
            locate().click()
            return
        except (StaleElementReferenceException, WebDriverException):
            if attempt == 2:
                raise
            time.sleep(0.5)


def navigate_by(driver, locate):
    """Clicks a link or submit button and waits for the next page to replace this one.

    Chromedriver on a busy machine now and then reports a node as detached while the page is
    still the same; the element is then found again and clicked once more."""
    page = driver.find_element(By.TAG_NAME, "html")
    for attempt in range(5):
        try:
            # A mouse click first; when chromedriver fails to resolve the node for the pointer
            # ("does not belong to the document"), the keyboard, as a keyboard user would.
            element = locate()
            if attempt % 2 == 0:
                element.click()
            else:
                element.send_keys(Keys.ENTER)
            break
        except (StaleElementReferenceException, WebDriverException):
            if attempt == 4:
                raise
            if replaced(page)(driver):
                break  # the click went through after all
            time.sleep(0.5)
    WebDriverWait(driver, 30).until(replaced(page))


def replaced(page):
    """Whether the page's root element has gone. Mid-navigation chromedriver may answer "node
    does not belong to the document" rather than "stale element": both mean it is gone."""
    def check(_driver):
        try:
            page.is_enabled()
            return False
        except (StaleElementReferenceException, WebDriverException):
            return True
    return check


def sign_in(driver, forum, who):
    email, password = LOGINS[who]
    driver.get(forum.url("/login"))
    fill(driver, "Email", email)
    fill(driver, "Password", password)
    press(driver, "Sign in")
    assert who in header(driver), f"{who} not shown in the header after signing in"


def sign_out(driver):
    press(driver, "Sign out", driver.find_element(By.TAG_NAME, "header"))


def header(driver):
    return driver.find_element(By.TAG_NAME, "header").text


def heading(driver):
    return driver.find_element(By.TAG_NAME, "h1").text


def article_with(driver, text):
    for article in driver.find_elements(By.CSS_SELECTOR, "article.post"):
        if text in article.text:
            return article
    raise AssertionError(f"no post containing {text!r} on {driver.current_url}")


def screenshot(driver, name):
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "screenshots")
    os.makedirs(folder, exist_ok=True)
    driver.save_screenshot(os.path.join(folder, name + ".png"))
