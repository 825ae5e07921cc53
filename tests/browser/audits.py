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
    # Frames hold a reader's page (the editor's preview, a loaded embed):
    # the reader's pages are checked on their own, and axe would wait for
    # a copy of itself in each frame.
    "iframes": False,
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


# The walk with the Tab key, in the page. START remembers how every
# control looks unfocused and puts the focus at the top of the page (away
# from an autofocused field); STEP checks the element Tab has just reached
# against the next control after the previous one in document order, among
# those that can take focus now: a submenu opens when its parent has focus.
# Radio buttons count once per group, as browsers tab into a group once.
TAB_WALK = """
const selector = "a[href], area[href], button, input, select, textarea, " +
  "summary, iframe, [tabindex], [contenteditable=true]";
const ring = (el) => {
  const style = getComputedStyle(el);
  return [style.outlineStyle, style.outlineWidth, style.outlineColor,
          style.boxShadow].join(" | ");
};
const describe = (el) => el ? el.outerHTML.slice(0, 160) : "nothing";
const tabbable = () => {
  const groups = new Set();
  return [...document.querySelectorAll(selector)].filter((el) => {
    if (el.tabIndex < 0 || el.disabled || el.closest("[inert]")) return false;
    if (el.type === "hidden") return false;
    if (!el.checkVisibility({ visibilityProperty: true })) return false;
    if (el.type === "radio" && el.name) {
      const group = el.name + "@" + (el.form ? el.form.id : "");
      const checked = document.querySelector(
        `input[type=radio][name="${CSS.escape(el.name)}"]:checked`);
      if (checked ? checked !== el : groups.has(group)) return false;
      groups.add(group);
    }
    return true;
  });
};
"""

START = f"""() => {{
  {TAB_WALK}
  window.__previous = null;
  document.activeElement?.blur();
  document.body.tabIndex = -1;
  document.body.focus();
  document.body.removeAttribute("tabindex");
  window.__unfocused = new WeakMap();
  for (const el of document.querySelectorAll(selector)) {{
    window.__unfocused.set(el, ring(el));
  }}
  return [...document.querySelectorAll("[tabindex]")]
    .filter((el) => el.tabIndex > 0).map(describe);
}}"""

STEP = f"""() => {{
  {TAB_WALK}
  const el = document.activeElement;
  const previous = window.__previous;
  const expected = tabbable().find((candidate) => !previous ||
    previous.compareDocumentPosition(candidate) &
      Node.DOCUMENT_POSITION_FOLLOWING);
  window.__previous = el;
  // After the last control the focus leaves the page or starts again at
  // the top; either ends the walk.
  if (!expected || !el || el === document.body) {{
    return {{ end: true, missed: expected ? describe(expected) : null }};
  }}
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" &&
    parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow !== "none";
  return {{
    end: false,
    reached: describe(el),
    expected: el === expected ? null : describe(expected),
    ring: (outline || shadow) && ring(el) !== window.__unfocused.get(el),
  }};
}}"""

# More steps than any page has controls: the walk has gone round in a loop.
MAX_TABS = 400


def keyboard_findings(page) -> list[str]:
    """
    Tab from the top of the page to its end: each step reaches the next
    control in document order, with a focus ring it lacks unfocused.
    """
    findings = [
        f"tabindex above 0 changes the order: {html}" for html in page.evaluate(START)
    ]
    for step in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        result = page.evaluate(STEP)
        if result["end"]:
            if result["missed"]:
                findings.append(f"Tab {step} left the page before {result['missed']}")
            return findings
        if result["expected"]:
            findings.append(
                f"Tab {step} reached {result['reached']} "
                f"where {result['expected']} comes next in the document"
            )
            return findings
        if not result["ring"]:
            findings.append(f"no visible focus ring on {result['reached']}")
    findings.append(f"{MAX_TABS} presses of Tab never left the page")
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
