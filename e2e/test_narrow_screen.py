"""On a 360 px wide phone screen no main page scrolls sideways: wide tables scroll inside their
own box, tool rows wrap, long words break."""
from selenium.webdriver.common.by import By

from people import screenshot, sign_in

NARROW = {"width": 360, "height": 780, "deviceScaleFactor": 1, "mobile": True}

# How far the page reaches past the viewport, in CSS pixels, and the widest offender.
OVERFLOW = """
const width = document.documentElement.clientWidth;
let widest = null, widestRight = width;
for (const element of document.body.querySelectorAll('*')) {
  const box = element.getBoundingClientRect();
  if (box.right > widestRight + 1 && getComputedStyle(element).position !== 'fixed') {
    let inScroller = false;
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      const overflow = getComputedStyle(parent).overflowX;
      if (overflow === 'auto' || overflow === 'scroll' || overflow === 'hidden') { inScroller = true; break; }
    }
    if (!inScroller) { widest = element; widestRight = box.right; }
  }
}
return {scroll: document.documentElement.scrollWidth - width,
        widest: widest ? widest.tagName + '.' + widest.className + ' ' + Math.round(widestRight) : null};
"""


def test_no_main_page_scrolls_sideways_at_360_px(forum, js_browser):
    driver = js_browser
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", NARROW)
    driver.get(forum.url("/login"))
    problems = {}
    found = driver.execute_script(OVERFLOW)
    if found["scroll"] > 0:
        problems["sign-in"] = found
    sign_in(driver, forum, "ada")
    driver.get(forum.url("/c/general"))
    thread = driver.find_element(By.CSS_SELECTOR, "main a[href^='/t/']").get_attribute("href").replace(forum.base_url, "")
    paths = {
        "home": "/", "category": "/c/general", "thread": thread, "new-thread": "/c/general/new",
        "search": "/search?q=rubric", "profile": "/u/sam", "schools": "/schools", "notifications": "/notifications",
        "settings": "/settings", "flags": "/mod/flags", "log": "/mod/log", "mod-members": "/mod/members",
        "admin-users": "/admin/users", "admin-invitations": "/admin/invitations", "admin-schools": "/admin/schools",
        "admin-categories": "/admin/categories",
    }
    for name, path in paths.items():
        driver.get(forum.url(path))
        found = driver.execute_script(OVERFLOW)
        if found["scroll"] > 0:
            problems[name] = found
            screenshot(driver, "narrow-" + name)
    assert not problems, f"pages wider than 360 px: {problems}"
