"""
axe-core in the page, run through Playwright's own channel so the site's
strict CSP (no inline or foreign script) needs no exception.
"""

from pathlib import Path

import axe_playwright_python

AXE_SOURCE = Path(axe_playwright_python.__file__).with_name("axe.min.js")


WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[dict]:
    """The WCAG 2.x A and AA violations axe finds on the page, as dicts."""
    page.evaluate(AXE_SOURCE.read_text())
    result = page.evaluate(
        """async (tags) => {
          return await axe.run(document, {
            // The preview frame holds a reader's page, which the site's own
            // checks cover; axe would inject itself into it.
            iframes: false,
            runOnly: { type: "tag", values: tags },
          });
        }""",
        WCAG_AA,
    )
    return [
        {
            "id": violation["id"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]],
        }
        for violation in result["violations"]
    ]
