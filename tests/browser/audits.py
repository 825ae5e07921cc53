"""
What the browser checks measure on a loaded page: axe-core's findings, the
width of the document, and a walk with the Tab key. Each returns a list of
findings, one readable line each, empty when all is well.
"""

import json

from axe_playwright_python.base import AXE_SCRIPT

# WCAG 2.0 to 2.2, levels A and AA, and axe's best practices.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": [
            "wcag2a",
            "wcag2aa",
            "wcag21a",
            "wcag21aa",
            "wcag22aa",
            "best-practice",
        ],
    },
    "resultTypes": ["violations"],
}

# Third-party widgets that cannot be changed from here, each for one rule:
# (rule, how the element's class attribute begins).
THIRD_PARTY_EXCEPTIONS = {
    # The admin's autocomplete (select2, bundled with Django) names its
    # combobox by the current choice, so an empty choice leaves it nameless;
    # its own <label> still names the field for screen readers.
    ("aria-input-field-name", "select2-selection"),
}

# Injected by the test itself, so the site's CSP (no inline scripts, no
# eval) stays as strict as it is for readers.
RUN_AXE = f"""async () => {{
  const results = await axe.run(document, {json.dumps(AXE_OPTIONS)});
  return results.violations.map((rule) => ({{
    id: rule.id,
    impact: rule.impact,
    help: rule.help,
    nodes: rule.nodes.map((node) => ({{
      target: node.target.join(" "),
      html: node.html,
      summary: node.failureSummary,
    }})),
  }}));
}}"""


def axe_findings(page) -> list[str]:
    if not page.evaluate("() => Boolean(window.axe)"):
        page.evaluate(AXE_SCRIPT)
    findings = []
    for rule in page.evaluate(RUN_AXE):
        for node in rule["nodes"]:
            if any(
                rule["id"] == rule_id and f'class="{classes}' in node["html"]
                for rule_id, classes in THIRD_PARTY_EXCEPTIONS
            ):
                continue
            summary = " ".join(node["summary"].split())
            findings.append(
                f"{rule['id']} ({rule['impact']}): {rule['help']}\n"
                f"      at {node['target']}: {node['html'][:200]}\n"
                f"      {summary[:300]}"
            )
    return findings


def sideways_scroll_findings(page) -> list[str]:
    widths = page.evaluate(
        """() => ({
          document: document.documentElement.scrollWidth,
          viewport: document.documentElement.clientWidth,
          widest: [...document.body.querySelectorAll("*")]
            .filter((el) => el.getBoundingClientRect().right >
                            document.documentElement.clientWidth + 0.5)
            .slice(0, 3)
            .map((el) => el.outerHTML.slice(0, 120)),
        })"""
    )
    if widths["document"] <= widths["viewport"]:
        return []
    return [
        f"scrolls sideways: {widths['document']} px wide in a "
        f"{widths['viewport']} px window; too wide: {widths['widest']}"
    ]


# Marks every element the Tab key should reach, in document order, and
# remembers how each looks unfocused. Radio buttons count once per group,
# as browsers tab into a group once.
MARK_TABBABLES = """() => {
  const selector = "a[href], area[href], button, input, select, textarea, " +
    "summary, iframe, [tabindex], [contenteditable=true]";
  const seenGroups = new Set();
  const tabbable = [...document.querySelectorAll(selector)].filter((el) => {
    if (el.tabIndex < 0 || el.disabled || el.closest("[inert]")) return false;
    if (el.type === "hidden") return false;
    if (!el.checkVisibility({ visibilityProperty: true })) return false;
    if (el.type === "radio" && el.name) {
      if (seenGroups.has(el.form + el.name)) return false;
      seenGroups.add(el.form + el.name);
    }
    return true;
  });
  const ring = (style) =>
    [style.outlineStyle, style.outlineWidth, style.outlineColor,
     style.boxShadow].join(" | ");
  window.__tabbable = tabbable.map((el, index) => {
    el.dataset.tabOrder = index;
    return ring(getComputedStyle(el));
  });
  return tabbable.map((el) => ({
    html: el.outerHTML.slice(0, 120),
    positive: el.tabIndex > 0,
  }));
}"""

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || !el.dataset) return null;
  const style = getComputedStyle(el);
  const ring = [style.outlineStyle, style.outlineWidth, style.outlineColor,
                style.boxShadow].join(" | ");
  const outline = style.outlineStyle !== "none" &&
    parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow !== "none";
  const index = el.dataset.tabOrder === undefined ? -1 : +el.dataset.tabOrder;
  return {
    index,
    html: el.outerHTML.slice(0, 120),
    visibleRing: (outline || shadow) && ring !== window.__tabbable[index],
  };
}"""


def keyboard_findings(page) -> list[str]:
    """
    Tab from the top of the page: every element that takes focus is reached
    once, in document order, each with a focus ring it lacks unfocused.
    """
    expected = page.evaluate(MARK_TABBABLES)
    findings = [
        f"tabindex above 0 changes the order: {element['html']}"
        for element in expected
        if element["positive"]
    ]
    for step, element in enumerate(expected):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            findings.append(f"Tab {step + 1} left the page before {element['html']}")
            break
        if focused["index"] != step:
            findings.append(
                f"Tab {step + 1} reached {focused['html']} "
                f"where {element['html']} comes next in the document"
            )
            break
        if not focused["visibleRing"]:
            findings.append(f"no visible focus ring on {focused['html']}")
    return findings


def skip_link_findings(page) -> list[str]:
    """Each skip link at the top moves the keyboard focus to its target."""
    findings = []
    links = page.locator(".skip-links a")
    for number in range(links.count()):
        link = links.nth(number)
        target = link.get_attribute("href").lstrip("#")
        link.focus()
        page.keyboard.press("Enter")
        focused = page.evaluate("document.activeElement.id")
        if focused != target:
            findings.append(
                f"skip link {link.inner_text()!r} leaves the focus on "
                f"{focused or 'the page'} instead of #{target}"
            )
    return findings
