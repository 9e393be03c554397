"""Starts a real `roundtable serve` on a demo database and hands out Chromium sessions.

Nothing is downloaded at run time: Selenium Manager is switched off and the Debian chromium
and chromedriver are named explicitly.
"""
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.environ.get("ROUNDTABLE_BIN", os.path.join(ROOT, ".build", "debug", "roundtable"))
SCREENSHOTS = os.path.join(ROOT, "e2e", "screenshots")
os.environ["SE_OFFLINE"] = "true"


class Forum:
    def __init__(self, base_url, data_dir):
        self.base_url = base_url
        self.data_dir = data_dir

    def url(self, path):
        return self.base_url + path


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def forum():
    data_dir = tempfile.mkdtemp(prefix="roundtable-e2e-")
    os.chmod(data_dir, 0o755)  # the private cluster runs as the postgres user
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    # Every journey signs in from 127.0.0.1: the per-address limits are for people, not for this suite.
    env = dict(os.environ, BASE_URL=base_url, RATE_LIMIT_SIGNIN="1000", RATE_LIMIT_POSTS="1000",
               MAIL_BATCH_SECONDS="1")  # notification mails after a second, not a minute
    env.pop("DATABASE_URL", None)
    env.pop("SMTP_URL", None)
    log = open(os.path.join(data_dir, "serve.log"), "w")
    server = None
    try:
        subprocess.run([BINARY, "seed", "--demo", "--data-dir", data_dir, "--root", ROOT],
                       check=True, env=env, stdout=subprocess.DEVNULL, timeout=300)
        server = subprocess.Popen(
            [BINARY, "serve", "--host", "127.0.0.1", "--port", str(port), "--data-dir", data_dir, "--root", ROOT],
            env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 120
        while True:
            if server.poll() is not None:
                raise RuntimeError("roundtable serve exited early; see " + log.name)
            try:
                with urllib.request.urlopen(base_url + "/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.time() > deadline:
                raise RuntimeError("roundtable serve did not become healthy")
            time.sleep(0.3)
        yield Forum(base_url, data_dir)
    finally:
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        log.close()
        shutil.rmtree(data_dir, ignore_errors=True)


def make_driver(javascript):
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,1000", "--disable-extensions", "--no-first-run"]:
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    service = Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.implicitly_wait(0)
    return driver


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def browser(request):
    driver = make_driver(request.param)
    driver.javascript = request.param
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def js_browser():
    driver = make_driver(True)
    try:
        yield driver
    finally:
        driver.quit()
