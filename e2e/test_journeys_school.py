"""A school leader updates a stage; a member of another school finds that school in the
peer-school finder and follows the link that writes to its leaders."""
from selenium.webdriver.common.by import By

from people import choose, click, fill, follow, heading, press, sign_in, sign_out


def test_leader_updates_a_stage_and_a_peer_finds_them_and_writes(forum, browser):
    mode = "js" if browser.javascript else "nojs"
    sign_in(browser, forum, "sam")  # leads Riverbend High in the demo
    browser.get(forum.url("/s/riverbend-high/journey"))
    assert heading(browser).startswith("Riverbend High School")
    section = lambda: browser.find_element(By.ID, "element-assessment")
    click(lambda: section().find_element(By.XPATH, ".//label[contains(normalize-space(.), '3. Piloting')]/input"))
    fill(browser, "Note", f"Rubrics piloted in science and English ({mode}).", scope=section)
    press(browser, "Save Assessment and grading", section)
    assert "Current stage: 3. Piloting" in section().text
    assert f"Rubrics piloted in science and English ({mode})." in section().text
    table = browser.find_element(By.CSS_SELECTOR, "table.journey-map")
    assert "Riverbend High School stands" in table.find_element(By.TAG_NAME, "caption").text
    assert "Piloting (current stage)" in table.text.replace("\n", " ")
    sign_out(browser)

    sign_in(browser, forum, "lee")  # Harbor Middle School
    browser.get(forum.url("/"))
    follow(browser, "Journeys")
    choose(browser, "Element", "Assessment and grading")
    fill(browser, "Stage", "3")
    press(browser, "Find schools")
    at_stage = browser.find_element(By.XPATH, "//section[.//h2[@id='at-heading']]")
    riverbend = at_stage.find_element(By.XPATH, ".//li[a[normalize-space(.)='Riverbend High School']]")
    write = riverbend.find_element(By.LINK_TEXT, "Write to its leaders")
    assert write.get_attribute("href") == forum.url("/messages/new?to=sam")
    follow(browser, "Write to its leaders", riverbend)
    assert browser.current_url == forum.url("/messages/new?to=sam")


def test_journey_pages_fit_a_360_px_screen(forum, js_browser):
    from test_narrow_screen import NARROW, OVERFLOW
    js_browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", NARROW)
    sign_in(js_browser, forum, "lee")
    for path in ["/s/lakeside-community/journey", "/journeys?element=assessment&stage=2"]:
        js_browser.get(forum.url(path))
        found = js_browser.execute_script(OVERFLOW)
        assert found["scroll"] <= 0, (path, found)
