#!/usr/bin/env python3
"""The console in a real browser: Debian's headless chromium driven by Selenium against a running
`credence demo` (embedded broker, the four stages, the console). Logs in, opens every page and checks what
it shows against the topics (read here with confluent-kafka), records a promise to pay from the worklist and
waits for dunning's pause to come back, and writes a PNG screenshot of each page.

Prints one line per check and exits 0 when all hold. Run by ConsoleBrowserTests (Swift), or by hand:
  console_browser.py --url http://127.0.0.1:8080/ --user demo --password P --bootstrap 127.0.0.1:PORT --screenshots docs/console
"""
import argparse
import json
import os
import sys
import time

from confluent_kafka import Consumer, TopicPartition
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By


def latest_positions(bootstrap):
    """Every buyer's latest receivables position, read whole from receivables.positions."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "console-browser-check", "enable.auto.commit": False})
    metadata = consumer.list_topics("receivables.positions", timeout=10)
    partitions = metadata.topics["receivables.positions"].partitions.keys()
    ends = {}
    assignment = []
    for partition in partitions:
        low, high = consumer.get_watermark_offsets(TopicPartition("receivables.positions", partition), timeout=10)
        if high > low:
            ends[partition] = high
            assignment.append(TopicPartition("receivables.positions", partition, low))
    consumer.assign(assignment)
    latest = {}
    done = set()
    deadline = time.time() + 30
    while len(done) < len(ends) and time.time() < deadline:
        message = consumer.poll(0.5)
        if message is None or message.error():
            continue
        value = json.loads(message.value())
        latest[value["buyerId"]] = value
        if message.offset() + 1 >= ends[message.partition()]:
            done.add(message.partition())
    consumer.close()
    return latest


def grouped(minor, exponent=2):
    """12345678 minor units as 123,456.78, the way the console writes amounts."""
    whole, cents = divmod(abs(minor), 10 ** exponent)
    return ("-" if minor < 0 else "") + f"{whole:,}" + (f".{cents:0{exponent}d}" if exponent else "")


def money_minor(money):
    return money["amountMinor"] if isinstance(money, dict) and "amountMinor" in money else None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--screenshots", required=True)
    parser.add_argument("--dunning-timeout", type=float, default=90)
    args = parser.parse_args()
    base = args.url.rstrip("/")
    os.makedirs(args.screenshots, exist_ok=True)
    failures = []

    def check(condition, what):
        print(("ok   " if condition else "FAIL ") + what, flush=True)
        if not condition:
            failures.append(what)

    options = Options()
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000", "--disable-gpu"]:
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(30)
    try:
        def shoot(name):
            height = driver.execute_script("return Math.min(document.body.scrollHeight, 4000)")
            driver.set_window_size(1400, max(800, height))
            driver.save_screenshot(os.path.join(args.screenshots, name + ".png"))

        driver.get(base + "/buyers")
        check("/login" in driver.current_url, "an anonymous visit is sent to the login page")
        shoot("login")
        driver.find_element(By.ID, "user").send_keys(args.user)
        driver.find_element(By.ID, "password").send_keys(args.password)
        driver.find_element(By.ID, "login-submit").click()
        # bcrypt is slow on purpose: wait for the answer to the form, not just the click.
        deadline = time.time() + 30
        while "/login" in driver.current_url and time.time() < deadline:
            time.sleep(0.2)
        check(driver.current_url.endswith("/buyers"), "logging in leads to the page asked for")
        cookie = driver.get_cookie("credence_session") or {}
        check(cookie.get("httpOnly") is True and cookie.get("sameSite") == "Strict", "the session cookie is HttpOnly and SameSite=Strict")

        positions = latest_positions(args.bootstrap)
        check(len(positions) > 0, f"receivables.positions holds {len(positions)} buyers")
        total = driver.find_element(By.ID, "total").text
        check(int(total) == len(positions) or int(total) >= len(positions), f"the Buyers page counts {total} buyers")
        shoot("buyers")

        # The demo keeps running: a figure is compared with the topics read just before the page, a few times over.
        for attempt in range(5):
            positions = latest_positions(args.bootstrap)
            largest = max(positions.values(), key=lambda p: money_minor(p["exposure"]) or 0)
            driver.get(base + "/buyers/" + largest["buyerId"])
            shown = driver.find_element(By.ID, "exposure").text
            expected = grouped(money_minor(largest["exposure"])) + " " + largest["exposure"]["currency"]
            if shown == expected:
                break
            time.sleep(0.5)
        check(shown == expected, f"buyer {largest['buyerId']}: exposure on the page {shown} equals its latest position {expected}")
        shoot("buyer")

        for attempt in range(5):
            positions = latest_positions(args.bootstrap)
            driver.get(base + "/")
            receivables = driver.find_element(By.ID, "receivables").text
            summed = sum(money_minor(p["openAmount"]) or 0 for p in positions.values())
            if receivables.startswith(grouped(summed) + " "):
                break
            time.sleep(0.5)
        check(receivables.startswith(grouped(summed) + " "), f"the Portfolio page's receivables {receivables} are the positions' sum {grouped(summed)}")
        check(len(driver.find_elements(By.CSS_SELECTOR, "svg.chart")) == 4, "the Portfolio page draws four SVG charts")
        shoot("portfolio")

        driver.get(base + "/claims")
        shoot("claims")
        driver.get(base + "/alerts")
        check(len(driver.find_elements(By.CSS_SELECTOR, "#alerts-body tr")) > 0, "the Alerts page lists alerts")
        shoot("alerts")

        # The worklist shows calls and letters of the last seven business days. The console's day is the newest
        # event's, so a loaded machine on which dunning runs behind the simulated ERP can leave it empty for a while.
        deadline = time.time() + 60
        while True:
            driver.get(base + "/worklist")
            forms = driver.find_elements(By.CSS_SELECTOR, "#actions-due form.action-promise")
            if forms or time.time() > deadline:
                break
            time.sleep(1)
        shoot("worklist")
        check(len(forms) > 0, f"the worklist has {len(forms)} invoices to call or write about")
        if forms:
            form = forms[0]
            invoice = form.find_element(By.NAME, "invoiceId").get_attribute("value")
            form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
            deadline = time.time() + 30
            while "recorded=" not in driver.current_url and time.time() < deadline:
                time.sleep(0.2)
            check("recorded=promise" in driver.current_url, f"a promise to pay on {invoice} is recorded")
            deadline = time.time() + args.dunning_timeout
            answered = False
            while time.time() < deadline and not answered:
                driver.get(base + "/worklist")
                rows = driver.find_elements(By.CSS_SELECTOR, "#recorded tr")
                answered = any(invoice in row.text and "pauses escalation" in row.text for row in rows)
                if not answered:
                    time.sleep(1)
            check(answered, f"dunning's pause for {invoice} comes back on the worklist")
            shoot("worklist-answered")
    finally:
        driver.quit()
    print(json.dumps({"failures": failures}), flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
