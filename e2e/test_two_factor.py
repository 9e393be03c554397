"""Two-factor sign-in as a person does it: read the key off the page, compute the code as an
authenticator app would (RFC 6238, standard library only), sign in with it."""
import base64
import hashlib
import hmac
import struct
import time

from selenium.webdriver.common.by import By

from people import LOGINS, fill, follow, header, heading, press, sign_in, sign_out


def totp(secret_base32, step):
    key = base64.b32decode(secret_base32.replace(" ", "") + "=" * (-len(secret_base32.replace(" ", "")) % 8))
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def test_member_turns_on_two_factor_and_signs_in_with_a_code(forum, js_browser):
    driver = js_browser
    sign_in(driver, forum, "lee")
    driver.get(forum.url("/settings"))
    follow(driver, "Two-factor sign-in")
    assert heading(driver) == "Two-factor sign-in"
    assert driver.find_element(By.CSS_SELECTOR, "svg.qr-code").is_displayed()
    secret = driver.find_element(By.ID, "totp-secret").text
    assert driver.find_element(By.ID, "totp-uri").get_attribute("href").startswith("otpauth://totp/")

    step = int(time.time()) // 30
    fill(driver, "Code from the app", totp(secret, step))
    press(driver, "Turn on")
    recovery = [element.text for element in driver.find_elements(By.CSS_SELECTOR, ".recovery-codes code")]
    assert len(recovery) == 10
    try:
        sign_out(driver)
        email, password = LOGINS["lee"]
        driver.get(forum.url("/login"))
        fill(driver, "Email", email)
        fill(driver, "Password", password)
        press(driver, "Sign in")
        assert heading(driver) == "Enter your code"
        # Half signed in: the home page sends back to sign in.
        driver.get(forum.url("/"))
        assert "/login" in driver.current_url
        driver.get(forum.url("/login/2fa"))
        # The code enrolment used is spent; the next step's is within the allowed drift.
        fill(driver, "Code", totp(secret, step + 1))
        press(driver, "Sign in")
        assert "lee" in header(driver)
    finally:
        # Turn it off again (with a recovery code), so other journeys sign lee in with a password.
        driver.get(forum.url("/settings/2fa"))
        if driver.find_elements(By.XPATH, "//button[normalize-space(.)='Turn off two-factor sign-in']"):
            fill(driver, "Password", LOGINS["lee"][1])
            fill(driver, "Code from the app", recovery[0])
            press(driver, "Turn off two-factor sign-in")
            assert heading(driver) == "Settings"
